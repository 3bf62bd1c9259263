import { compareKeys, indexBetween } from '../planning/rank';

/** What z-order operations need of an item. */
export interface Stacked {
  id: string;
  z: string;
}

/** Orders items bottom first, ties broken by id exactly as every peer breaks them. */
export function compareZ(a: Stacked, b: Stacked): number {
  return compareKeys(a.z, a.id, b.z, b.id);
}

/** Items bottom first, ties broken by id exactly as every peer breaks them. */
export function sortByZ<T extends Stacked>(items: readonly T[]): T[] {
  return [...items].sort(compareZ);
}

/**
 * A key strictly between `below` and `above` (either null for an open end). Concurrent inserts
 * may leave two items with equal keys; then there is no key strictly between them, and we go
 * just above `below` instead, which the id tie-break already orders correctly.
 */
function keyBetween(below: string | null, above: string | null): string {
  if (below !== null && above !== null && below >= above) return indexBetween(below, null);
  return indexBetween(below, above);
}

/**
 * Whether two items share any of the board; a step in z-order passes only an item that overlaps
 * (tldraw's rule): passing one that does not would change nothing anyone can see.
 */
export type Overlaps<T extends Stacked> = (a: T, b: T) => boolean;

const always = (): boolean => true;

/**
 * New z keys that move each chosen item one step up: just above the nearest unchosen item above it
 * that it overlaps. Without `overlaps` every item counts as overlapping.
 */
export function bringForward<T extends Stacked>(
  items: readonly T[],
  chosen: ReadonlySet<string>,
  overlaps: Overlaps<T> = always,
): Map<string, string> {
  return step(sortByZ(items), chosen, overlaps);
}

/** New z keys that move each chosen item one step down, below the nearest overlapping one. */
export function sendBackward<T extends Stacked>(
  items: readonly T[],
  chosen: ReadonlySet<string>,
  overlaps: Overlaps<T> = always,
): Map<string, string> {
  // "Forward" in the upside-down stack is backward in the real one; keys are then read reversed.
  return step(sortByZ(items).reverse(), chosen, overlaps, true);
}

/**
 * Moves the chosen items within `order` (bottom first, or top first when `reversed`), top-most
 * first so that a group keeps its order, then gives new keys to the moved items only.
 */
function step<T extends Stacked>(
  sorted: readonly T[],
  chosen: ReadonlySet<string>,
  overlaps: Overlaps<T>,
  reversed = false,
): Map<string, string> {
  const order = [...sorted];
  const moved = new Set<string>();
  for (let i = order.length - 1; i >= 0; i--) {
    const item = order[i]!;
    if (!chosen.has(item.id)) continue;
    let k = i + 1;
    while (k < order.length && (chosen.has(order[k]!.id) || !overlaps(item, order[k]!))) k++;
    if (k === order.length) continue; // nothing it overlaps above it
    order.splice(i, 1);
    order.splice(k, 0, item);
    moved.add(item.id);
  }
  const keys = reversed ? [...order].reverse() : order;
  return rekey(keys, moved);
}

/** Keys for the moved items of a bottom-first order, between their unmoved neighbours. */
function rekey(order: readonly Stacked[], moved: ReadonlySet<string>): Map<string, string> {
  const changes = new Map<string, string>();
  let lower: string | null = null;
  for (let i = 0; i < order.length; i++) {
    const item = order[i]!;
    if (!moved.has(item.id)) {
      lower = item.z;
      continue;
    }
    let j = i;
    while (j < order.length && moved.has(order[j]!.id)) j++;
    const upper = order[j]?.z ?? null;
    for (const run of order.slice(i, j)) {
      const key = keyBetween(lower, upper);
      changes.set(run.id, key);
      lower = key;
    }
    i = j - 1;
  }
  return changes;
}

/** New z keys that put the chosen items above everything, keeping their order. */
export function bringToFront(
  items: readonly Stacked[],
  chosen: ReadonlySet<string>,
): Map<string, string> {
  const sorted = sortByZ(items);
  const rest = sorted.filter((item) => !chosen.has(item.id));
  let lower = rest[rest.length - 1]?.z ?? null;
  const changes = new Map<string, string>();
  if (sorted.slice(sorted.length - (sorted.length - rest.length)).every((i) => chosen.has(i.id))) {
    return changes; // already on top
  }
  for (const item of sorted.filter((i) => chosen.has(i.id))) {
    const key = keyBetween(lower, null);
    changes.set(item.id, key);
    lower = key;
  }
  return changes;
}

/** New z keys that put the chosen items below everything, keeping their order. */
export function sendToBack(
  items: readonly Stacked[],
  chosen: ReadonlySet<string>,
): Map<string, string> {
  const sorted = sortByZ(items);
  const picked = sorted.filter((i) => chosen.has(i.id));
  const changes = new Map<string, string>();
  if (sorted.slice(0, picked.length).every((i) => chosen.has(i.id))) return changes;
  let upper = sorted.find((i) => !chosen.has(i.id))?.z ?? null;
  for (const item of [...picked].reverse()) {
    const key = keyBetween(null, upper);
    changes.set(item.id, key);
    upper = key;
  }
  return changes;
}
