import type { BoardItem } from '@weboard/shared';
import type { ItemsStore } from '../editor/items';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/** Fields that only place an item on the canvas; nothing in planning derives from them. */
const PLACEMENT_KEYS = new Set(['x', 'y', 'w', 'h', 'rotation', 'z']);

/** What planning sees of an item: everything but where it sits ('' when it is gone). */
export function planningSignature(item: BoardItem | undefined): string {
  if (!item) return '';
  return JSON.stringify(item, (key, value: unknown) =>
    PLACEMENT_KEYS.has(key) ? undefined : value,
  );
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
  const signatures = new Map<string, string>();
  /** Reads an item's signature; '' (and forgotten) when it is gone. */
  const read = (id: string) => {
    const signature = planningSignature(items.byId(id));
    if (signature === '') signatures.delete(id);
    else signatures.set(id, signature);
    return signature;
  };
  // A board's store is empty here (its items arrive as changes, read below); a store created over
  // a filled document is read now, so that even a first drag does not count.
  for (const id of items.order.get()) read(id);
  const stop = items.subscribeChanges((ids) => {
    let changed = false;
    for (const id of ids) {
      const before = signatures.get(id) ?? '';
      if (read(id) !== before) changed = true;
    }
    if (changed) revision.set((n) => n + 1);
  });
  return { ...revision, dispose: stop };
}
