import * as Y from 'yjs';
import { reactionsMap } from './reactions-doc';
import { MapCopy, captureMap, putBackRefused } from './map-copy';
import type { RecordsView } from './map-copy';

/*
 * Per-person authority over reactions (see guard.ts for how a guarded apply uses this). A
 * reaction record lives under `<itemId>/<userId>` and is that person's alone: a connection that
 * the server knows as person P may add, change or remove only records whose key ends in `/P`
 * (and whose `itemId` makes the rest of the key its item, so `a/b/c` of item `a` is person `b/c`).
 * Anything else it touches in the reactions map is put back inside the transaction that applied
 * it, so a hostile script can neither forge nor take away anyone else's reactions. Facilitators
 * are not checked (they may clear reactions); the server's own changes are not either.
 */

/** Whose a reaction record is: the part of its key after its item id; null when it cannot tell. */
export function reactionOwner(key: string, value: unknown): string | null {
  if (!value || typeof value !== 'object' || value instanceof Y.AbstractType) return null;
  const itemId = (value as { itemId?: unknown }).itemId;
  if (typeof itemId !== 'string' || !key.startsWith(`${itemId}/`)) return null;
  return key.slice(itemId.length + 1);
}

/** Whether `person` may hold `value` under `key` (undefined: no record there). */
function belongsTo(key: string, value: unknown, person: string): boolean {
  if (value === undefined) return true;
  const owner = reactionOwner(key, value);
  // A record that names no owner (out of shape: the shape guard deals with it) counts by its key.
  return owner !== null ? owner === person : key.endsWith(`/${person}`);
}

/** The reactions as they were before a change (see MapCopy). */
export type ReactionsView = RecordsView;

/** A copy of the reactions map kept current after each transaction. */
export class ReactionsCopy extends MapCopy {
  constructor(doc: Y.Doc) {
    super(doc, reactionsMap);
  }
}

/** What to capture before a change when no ReactionsCopy is kept: the whole map (linear). */
export function captureReactions(doc: Y.Doc): ReactionsView {
  return captureMap(reactionsMap(doc));
}

/**
 * Puts back, in the running `transaction`, every reaction record it changed that is not
 * `person`'s (null: a connection with no person may change none); returns the keys put back.
 */
export function restoreOthersReactions(
  doc: Y.Doc,
  transaction: Y.Transaction,
  before: ReactionsView,
  person: string | null,
): string[] {
  return putBackRefused(
    reactionsMap(doc),
    transaction,
    before,
    (key, was, now) =>
      person !== null && belongsTo(key, was, person) && belongsTo(key, now, person),
  );
}
