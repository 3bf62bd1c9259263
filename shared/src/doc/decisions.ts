import type * as Y from 'yjs';
import { DECISION_KEY_PREFIX, decisionValidator, isDecisionKey } from '../schema/decision';
import type { DecisionRecord } from '../schema/decision';
import { MAP } from './keys';

/*
 * The decisions log: what the room decided, who recorded it, when, and the cards it is about. Each
 * decision is one plain record under `decision:<id>` of the `session` map, so two facilitators
 * recording at once never overwrite each other, only facilitators can write (the server's guard
 * puts back anyone else's change), and restores and imports leave the log alone.
 */

export {
  DECISION_KEY_PREFIX,
  MAX_DECISION_ITEMS,
  decisionValidator,
  isDecisionKey,
} from '../schema/decision';
export type { DecisionRecord } from '../schema/decision';

/** A decision as readers see it, with its id. */
export interface Decision extends DecisionRecord {
  id: string;
}

/** The board's decisions, oldest first (ties by id so every peer lists them alike). */
export function readDecisions(doc: Y.Doc): Decision[] {
  const decisions: Decision[] = [];
  for (const [key, value] of doc.getMap(MAP.session).entries()) {
    if (!isDecisionKey(key)) continue;
    const parsed = decisionValidator.safeParse(value);
    if (parsed.success)
      decisions.push({ ...parsed.data, id: key.slice(DECISION_KEY_PREFIX.length) });
  }
  return decisions.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Records a decision under `id`. Throws if it is invalid. */
export function writeDecision(
  doc: Y.Doc,
  id: string,
  decision: DecisionRecord,
  origin?: unknown,
): void {
  const key = DECISION_KEY_PREFIX + id;
  if (!isDecisionKey(key)) throw new RangeError('a decision id is 1 to 71 characters');
  const value = decisionValidator.parse(decision);
  doc.transact(() => doc.getMap(MAP.session).set(key, value), origin);
}

/** Removes a decision; false when there was none. */
export function removeDecision(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const session = doc.getMap(MAP.session);
  const key = DECISION_KEY_PREFIX + id;
  if (!session.has(key)) return false;
  doc.transact(() => session.delete(key), origin);
  return true;
}
