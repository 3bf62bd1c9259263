import type { BoardItem } from '@weboard/shared';
import type { ItemsStore } from '../editor/items';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/** Fields that only place an item on the canvas; nothing in planning derives from them. */
const PLACEMENT_KEYS = new Set(['x', 'y', 'w', 'h', 'rotation', 'z']);

/** A field's value as planning compares it: nested values (scores, labels) by their JSON. */
const comparable = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : value;

/** Whether planning sees the same in both records of an item (present or gone alike). */
export function samePlanning(a: BoardItem | undefined, b: BoardItem | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const before = a as unknown as Record<string, unknown>;
  const after = b as unknown as Record<string, unknown>;
  // An absent field and one that is undefined read alike, as in JSON.
  for (const key in before) {
    if (!PLACEMENT_KEYS.has(key) && comparable(before[key]) !== comparable(after[key]))
      return false;
  }
  for (const key in after) {
    if (!PLACEMENT_KEYS.has(key) && !(key in before) && after[key] !== undefined) return false;
  }
  return true;
}

export interface PlanningRevision extends Store<number> {
  dispose(): void;
}

/**
 * A counter that moves only when an item changes in a way planning cares about (team, lane, rank,
 * text, scores, dependencies, membership), not when one is dragged. The backlog, dependency health
 * and conflicts are derived from every item, so deriving them on each of a remote drag's twenty
 * updates a second would cost a large board its frame budget; this keeps a move O(1) for planning.
 */
export function createPlanningRevision(items: ItemsStore): PlanningRevision {
  const revision = createStore(0);
  // Each item's record as planning last saw it. Records are immutable snapshots, so keeping them
  // costs nothing when a board opens (a JSON signature per item was a tenth of a 10,000-note
  // board's opening); a change compares the fields planning derives from.
  const seen = new Map<string, BoardItem>();
  /** Remembers an item's record; whether planning sees it changed. */
  const read = (id: string) => {
    const before = seen.get(id);
    const after = items.byId(id);
    if (after) seen.set(id, after);
    else seen.delete(id);
    return !samePlanning(before, after);
  };
  // A board's store is empty here (its items arrive as changes, read below); a store created over
  // a filled document is read now, so that even a first drag does not count.
  for (const id of items.order.get()) read(id);
  const stop = items.subscribeChanges((ids) => {
    let changed = false;
    for (const id of ids) changed = read(id) || changed;
    if (changed) revision.set((n) => n + 1);
  });
  return { ...revision, dispose: stop };
}
