import { AbstractType } from 'yjs';
import type * as Y from 'yjs';
import { sameValue } from './reconcile';
import { changedWithin } from './root-name';
import { keyInParent, parentOf } from './yjs-internals';

/** Read access to a map's records as they were before a change. */
export interface RecordsView {
  get(key: string): unknown;
}

/**
 * A copy of one top-level map kept current after each transaction, so a guarded apply knows the
 * records as they were without copying the whole map before every update (per-person authority:
 * reactions-guard.ts, comments-guard.ts).
 */
export class MapCopy implements RecordsView {
  private readonly copy = new Map<string, unknown>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly mapOf: (doc: Y.Doc) => Y.Map<unknown>,
  ) {
    for (const [key, value] of mapOf(doc).entries()) this.copy.set(key, value);
    doc.on('afterTransaction', this.onTransaction);
  }

  get(key: string): unknown {
    return this.copy.get(key);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    const map = this.mapOf(this.doc);
    if (!changedWithin(map, transaction)) return;
    for (const key of changedKeys(map, transaction)) {
      if (map.has(key)) this.copy.set(key, map.get(key));
      else this.copy.delete(key);
    }
  };
}

/** The map's keys a transaction changed, nested changes included. */
export function changedKeys(map: Y.Map<unknown>, transaction: Y.Transaction): Set<string> {
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

/** What to capture before a change when no MapCopy is kept: the whole map (linear). */
export function captureMap(map: Y.Map<unknown>): RecordsView {
  return new Map(map.entries());
}

/**
 * Puts back, in the running `transaction`, every record of `map` it changed that `may` refuses
 * (given the record before and after); returns the keys put back. `first` orders the keys looked
 * at (a rule may depend on records put back before it).
 */
export function putBackRefused(
  map: Y.Map<unknown>,
  transaction: Y.Transaction,
  before: RecordsView,
  may: (key: string, was: unknown, now: unknown) => boolean,
  first?: (a: string, b: string) => number,
): string[] {
  const undone: string[] = [];
  if (!changedWithin(map, transaction)) return undone;
  const keys = [...changedKeys(map, transaction)];
  if (first) keys.sort(first);
  for (const key of keys) {
    const was = before.get(key);
    const now = map.get(key);
    if (!(now instanceof AbstractType) && sameValue(now, was)) continue;
    if (may(key, was, now)) continue;
    if (was === undefined) map.delete(key);
    else map.set(key, was);
    undone.push(key);
  }
  return undone;
}
