import * as Y from 'yjs';
import { reactionsMap } from './reactions-doc';
import { sameValue } from './reconcile';
import { keyInParent, parentOf } from './yjs-internals';

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

/** Read access to the reaction records as they were before a change. */
export interface ReactionsView {
  get(key: string): unknown;
}

/**
 * A copy of the reactions map kept current after each transaction, so a guarded apply knows the
 * records as they were without copying the whole map before every update.
 */
export class ReactionsCopy implements ReactionsView {
  private readonly copy = new Map<string, unknown>();

  constructor(private readonly doc: Y.Doc) {
    for (const [key, value] of reactionsMap(doc).entries()) this.copy.set(key, value);
    doc.on('afterTransaction', this.onTransaction);
  }

  get(key: string): unknown {
    return this.copy.get(key);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    const map = reactionsMap(this.doc);
    for (const key of changedKeys(map, transaction)) {
      if (map.has(key)) this.copy.set(key, map.get(key));
      else this.copy.delete(key);
    }
  };
}

/** The reactions map's keys a transaction changed, nested changes included. */
function changedKeys(map: Y.Map<unknown>, transaction: Y.Transaction): Set<string> {
  const keys = new Set<string>();
  for (const [type, changed] of transaction.changed) {
    if ((type as unknown) === map) {
      for (const key of changed) if (key !== null) keys.add(key);
      continue;
    }
    // A shared type nested in a record (out of shape, but a script can send one).
    let current = type as Y.AbstractType<unknown>;
    for (let parent = parentOf(current); parent !== null; parent = parentOf(current)) {
      if (parent === map) {
        const key = keyInParent(current);
        if (key !== null) keys.add(key);
        break;
      }
      current = parent;
    }
  }
  return keys;
}

/** What to capture before a change when no ReactionsCopy is kept: the whole map (linear). */
export function captureReactions(doc: Y.Doc): ReactionsView {
  return new Map(reactionsMap(doc).entries());
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
  const map = reactionsMap(doc);
  const undone: string[] = [];
  for (const key of changedKeys(map, transaction)) {
    const was = before.get(key);
    const now = map.get(key);
    if (!(now instanceof Y.AbstractType) && sameValue(now, was)) continue;
    if (person !== null && belongsTo(key, was, person) && belongsTo(key, now, person)) continue;
    if (was === undefined) map.delete(key);
    else map.set(key, was);
    undone.push(key);
  }
  return undone;
}
