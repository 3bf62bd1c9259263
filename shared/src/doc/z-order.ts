import { compareIndex, indexBetween } from '../planning/rank';

/** What z-order operations need of an item. */
export interface Stacked {
  id: string;
  z: string;
}

/** Items bottom first, ties broken by id exactly as every peer breaks them. */
export function sortByZ<T extends Stacked>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareIndex({ key: a.z, id: a.id }, { key: b.z, id: b.id }));
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

/** New z keys that move the chosen items one step up, past the next unchosen item above each group. */
export function bringForward(
  items: readonly Stacked[],
  chosen: ReadonlySet<string>,
): Map<string, string> {
  return stepForward(sortByZ(items), chosen);
}

/** New z keys that move the chosen items one step down. */
export function sendBackward(
  items: readonly Stacked[],
  chosen: ReadonlySet<string>,
): Map<string, string> {
  // Walk the stack upside down: "forward" in the reversed stack is backward in the real one.
  const reversed = sortByZ(items).reverse();
  const changes = new Map<string, string>();
  let i = 0;
  while (i < reversed.length) {
    if (!chosen.has(reversed[i]!.id)) {
      i++;
      continue;
    }
    let j = i;
    while (j < reversed.length && chosen.has(reversed[j]!.id)) j++;
    if (j === reversed.length) break; // already at the bottom
    const passed = reversed[j]!;
    const below = reversed[j + 1]?.z ?? null;
    // Keys between `below` and the passed item, ascending; the group keeps its own order.
    const group = reversed.slice(i, j).reverse();
    let lower = below;
    for (const item of group) {
      const key = keyBetween(lower, passed.z);
      changes.set(item.id, key);
      lower = key;
    }
    i = j + 1;
  }
  return changes;
}

function stepForward(sorted: readonly Stacked[], chosen: ReadonlySet<string>): Map<string, string> {
  const changes = new Map<string, string>();
  let i = sorted.length - 1;
  while (i >= 0) {
    if (!chosen.has(sorted[i]!.id)) {
      i--;
      continue;
    }
    let j = i;
    while (j >= 0 && chosen.has(sorted[j]!.id)) j--;
    // sorted[j+1..i] is a chosen group; it hops over sorted[i+1], if any.
    const passed = sorted[i + 1];
    if (passed) {
      const above = sorted[i + 2]?.z ?? null;
      let lower = passed.z;
      for (const item of sorted.slice(j + 1, i + 1)) {
        const key = keyBetween(lower, above);
        changes.set(item.id, key);
        lower = key;
      }
    }
    i = j;
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
