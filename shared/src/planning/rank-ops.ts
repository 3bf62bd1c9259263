import { compareIndex, indexBetween, indicesBetween } from './rank';
import type { IndexKey } from './rank';

/** Anything that can sit in a ranked backlog. `rank` absent (or null) means unranked. */
export interface Rankable {
  id: string;
  rank?: IndexKey | null | undefined;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two backlog items: ranked by key (ties by id), then unranked by id. */
export function compareRanked(a: Rankable, b: Rankable): number {
  if (a.rank && b.rank) return compareIndex({ key: a.rank, id: a.id }, { key: b.rank, id: b.id });
  if (a.rank) return -1;
  if (b.rank) return 1;
  return compareIds(a.id, b.id);
}

/** The backlog in ranked order: ranked items by key (ties broken by id), unranked last by id. */
export function rankedOrder<T extends Rankable>(items: readonly T[]): T[] {
  return [...items].sort(compareRanked);
}

/**
 * The key of the nearest neighbour strictly below / above `key` in a sorted list of ranked keys.
 * Two items can share a key after concurrent inserts; no key fits strictly between equal keys, so
 * a move next to such an item lands beside the whole tied group instead.
 */
function keyBelow(keys: readonly IndexKey[], key: IndexKey): IndexKey | null {
  let found: IndexKey | null = null;
  for (const k of keys) if (k < key) found = k;
  return found;
}
function keyAbove(keys: readonly IndexKey[], key: IndexKey): IndexKey | null {
  for (const k of keys) if (k > key) return k;
  return null;
}

/** Ranked keys of every item except `itemId`, ascending. */
function otherRankedKeys(items: readonly Rankable[], itemId: string): IndexKey[] {
  return rankedOrder(items)
    .filter((item) => item.id !== itemId && item.rank)
    .map((item) => item.rank!);
}

function lastKeyOrNull(keys: readonly IndexKey[]): IndexKey | null {
  return keys.length > 0 ? keys[keys.length - 1]! : null;
}

/**
 * The new rank key that puts `itemId` just before `targetId` (`itemId` need not be in `items`, so
 * this also places a new item). When the target is unranked, the item goes to the end of the ranked
 * part, which is before every unranked item. Null when the target is not in `items` (another
 * person may have just deleted it).
 */
export function moveBefore(
  items: readonly Rankable[],
  itemId: string,
  targetId: string,
): IndexKey | null {
  const target = items.find((item) => item.id === targetId);
  if (!target) return null;
  const keys = otherRankedKeys(items, itemId);
  if (itemId === targetId) return target.rank ?? indexBetween(lastKeyOrNull(keys), null);
  if (!target.rank) return indexBetween(lastKeyOrNull(keys), null);
  return indexBetween(keyBelow(keys, target.rank), target.rank);
}

/**
 * The new rank key that puts `itemId` just after `targetId`. A ranked item always precedes an
 * unranked one, so for an unranked target the nearest possible place is the end of the ranked
 * part. Null when the target is not in `items`.
 */
export function moveAfter(
  items: readonly Rankable[],
  itemId: string,
  targetId: string,
): IndexKey | null {
  const target = items.find((item) => item.id === targetId);
  if (!target) return null;
  const keys = otherRankedKeys(items, itemId);
  if (itemId === targetId) return target.rank ?? indexBetween(lastKeyOrNull(keys), null);
  if (!target.rank) return indexBetween(lastKeyOrNull(keys), null);
  return indexBetween(target.rank, keyAbove(keys, target.rank));
}

/**
 * The new rank key that puts `itemId` at position `index` (0 = top) of the ranked order of the
 * other items. `index` is clamped; positions at or past the unranked part mean "last ranked".
 */
export function moveToIndex(items: readonly Rankable[], itemId: string, index: number): IndexKey {
  const others = rankedOrder(items).filter((item) => item.id !== itemId);
  const rankedCount = others.findIndex((item) => !item.rank);
  const ranked = rankedCount === -1 ? others : others.slice(0, rankedCount);
  const at = Math.max(0, Math.min(Number.isFinite(index) ? Math.trunc(index) : 0, ranked.length));
  if (at === ranked.length) return indexBetween(lastKeyOrNull(ranked.map((i) => i.rank!)), null);
  const keys = ranked.map((item) => item.rank!);
  const after = keys[at]!;
  return indexBetween(keyBelow(keys, after), after);
}

/** Initial keys for a backlog in the given order, first id first. Duplicate ids keep their first place. */
export function rankAll(ids: readonly string[]): Record<string, IndexKey> {
  const unique = [...new Set(ids)];
  const keys = indicesBetween(null, null, unique.length);
  // fromEntries defines own properties, so an id such as "__proto__" is stored like any other.
  return Object.fromEntries(unique.map((id, i) => [id, keys[i]!]));
}

/**
 * Fresh keys for every item, ordered by `score` descending. Equal scores keep their current ranked
 * order; items without a score (null or NaN) go last, also in their current order.
 */
export function seedRankByScore<T extends Rankable>(
  items: readonly T[],
  score: (item: T) => number | null | undefined,
): Record<string, IndexKey> {
  const current = rankedOrder(items);
  const scored = current.map((item, position) => {
    const value = score(item);
    return {
      item,
      position,
      value: typeof value === 'number' && !Number.isNaN(value) ? value : null,
    };
  });
  scored.sort((a, b) => {
    if (a.value !== null && b.value !== null && a.value !== b.value) return b.value - a.value;
    if (a.value === null && b.value !== null) return 1;
    if (a.value !== null && b.value === null) return -1;
    return a.position - b.position;
  });
  return rankAll(scored.map((s) => s.item.id));
}

/** Applies new keys to a list of items (for previews and tests); items not in `ranks` keep theirs. */
export function withRanks<T extends Rankable>(
  items: readonly T[],
  ranks: Record<string, IndexKey>,
): T[] {
  return items.map((item) =>
    Object.hasOwn(ranks, item.id) ? { ...item, rank: ranks[item.id] } : item,
  );
}
