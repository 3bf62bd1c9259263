import type * as Y from 'yjs';
import type { Agenda } from '../planning/agenda';
import { AGENDA_KEY, agendaValidator } from '../schema/agenda';
import { MAP } from './keys';

/*
 * The session's agenda, stored as one plain record under the key `agenda` of the `session` map:
 * facilitator-only like the timer (the server's guard puts back anyone else's change), seen live
 * by everyone, and left alone by restores and imports (they never touch the session map).
 */

export { AGENDA_KEY, agendaStepValidator, agendaValidator } from '../schema/agenda';

/** The board's agenda, or null when none was set up (or the stored one is invalid). */
export function readAgenda(doc: Y.Doc): Agenda | null {
  const value = doc.getMap(MAP.session).get(AGENDA_KEY);
  // No agenda (the usual case): no parse, so a board opening never builds the lazy schema.
  if (value === undefined) return null;
  const parsed = agendaValidator.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Stores the agenda (null removes it). Throws if it is invalid: nothing half-valid is written. */
export function writeAgenda(doc: Y.Doc, agenda: Agenda | null, origin?: unknown): void {
  const value = agenda === null ? null : agendaValidator.parse(agenda);
  doc.transact(() => {
    const session = doc.getMap(MAP.session);
    if (value === null) session.delete(AGENDA_KEY);
    else session.set(AGENDA_KEY, value);
  }, origin);
}
