import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/** A fractional index: strings that sort in the intended order and never need renumbering. */
export type IndexKey = string;

/** A key that sorts strictly between `before` and `after` (either may be null for an open end). */
export function indexBetween(before: IndexKey | null, after: IndexKey | null): IndexKey {
  return generateKeyBetween(before, after);
}

/** `n` ascending keys strictly between `before` and `after`. */
export function indicesBetween(
  before: IndexKey | null,
  after: IndexKey | null,
  n: number,
): IndexKey[] {
  return generateNKeysBetween(before, after, n);
}

/** A key above every key in `keys`. */
export function indexAbove(keys: Iterable<IndexKey>): IndexKey {
  let max: IndexKey | null = null;
  for (const key of keys) if (max === null || key > max) max = key;
  return generateKeyBetween(max, null);
}

/**
 * Compares two (key, id) pairs. Concurrent inserts can produce equal keys on two peers; the id
 * breaks the tie so that every peer sorts identically.
 */
export function compareIndex(a: { key: IndexKey; id: string }, b: { key: IndexKey; id: string }) {
  return compareKeys(a.key, a.id, b.key, b.id);
}

/** `compareIndex` of two pairs held apart, for sorts that should not make a pair per comparison. */
export function compareKeys(aKey: IndexKey, aId: string, bKey: IndexKey, bId: string): number {
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}
