import type * as Y from 'yjs';
import { privateRoundValidator } from '../schema/private-round';
import type { PrivateRound } from '../schema/private-round';
import { MAP, SESSION_KEY } from './keys';

/*
 * A private round: while it runs, each team drafts on its own copy of the board that only that
 * team's browsers sync (the server keeps it off the board everyone else syncs), and the
 * facilitator's reveal merges every team's drafts into the board as one change. The round itself
 * is public: it is the `privateRound` record of the `session` map, written only by the server.
 */

export { privateRoundValidator } from '../schema/private-round';
export type { PrivateRound } from '../schema/private-round';

/** The running private round, or null. */
export function readPrivateRound(doc: Y.Doc): PrivateRound | null {
  const value = doc.getMap(MAP.session).get(SESSION_KEY.privateRound);
  // No round (the usual case): no parse, so a board opening never builds the lazy schema.
  if (value === undefined) return null;
  const parsed = privateRoundValidator.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Starts (`round`) or ends (null) the private round; the server's to call. */
export function writePrivateRound(doc: Y.Doc, round: PrivateRound | null): void {
  if (round) doc.getMap(MAP.session).set(SESSION_KEY.privateRound, round);
  else doc.getMap(MAP.session).delete(SESSION_KEY.privateRound);
}

/** What the facilitator sees of a running round (`GET /api/boards/:id/private-round`). */
export interface PrivateRoundStatus {
  round: PrivateRound | null;
  /** Per team id: how many of that team's browsers are drafting and how many cards they changed. */
  teams: Record<string, { drafting: number; changedItems: number }>;
}
