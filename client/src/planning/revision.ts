import type { BoardItem } from '@weboard/shared';
import type { ItemsStore } from '../editor/items';
import { createStore } from '../editor/store';
import type { Store } from '../editor/store';

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
export function createPlanningRevision(
  items: ItemsStore,
  whenIdle: (work: () => void) => () => void = idle,
): PlanningRevision {
  const revision = createStore(0);
  // Planning signatures of the items read so far. Items not read yet (a board opening brings
  // thousands at once) are read in idle time, not in the change that brought them: their change
  // counts as relevant anyway.
  const signatures = new Map<string, string>();
  const stop = items.subscribeChanges((ids) => {
    let changed = false;
    let unread = false;
    for (const id of ids) {
      const known = signatures.get(id);
      if (known === undefined) {
        changed = true;
        if (items.byId(id)) unread = true;
        continue;
      }
      const signature = planningSignature(items.byId(id));
      if (signature === known) continue;
      changed = true;
      if (signature === '') signatures.delete(id);
      else signatures.set(id, signature);
    }
    if (unread) restart();
    if (changed) revision.set((n) => n + 1);
  });
  // Reads the items not known yet, a chunk per idle period, so that the first drag of an item
  // (by anyone) does not count as a planning change.
  let cancel: (() => void) | null = null;
  let next = 0;
  function fill() {
    const order = items.order.get();
    const end = Math.min(order.length, next + IDLE_CHUNK);
    for (; next < end; next++) {
      const id = order[next]!;
      if (signatures.has(id)) continue;
      const signature = planningSignature(items.byId(id));
      if (signature !== '') signatures.set(id, signature);
    }
    cancel = next < order.length ? whenIdle(fill) : null;
  }
  function restart() {
    next = 0;
    cancel ??= whenIdle(fill);
  }
  const stopOrder = items.order.subscribe(restart);
  restart();
  return {
    ...revision,
    dispose: () => {
      stop();
      stopOrder();
      cancel?.();
    },
  };
}

/** Items whose planning signature is read per idle period (about a millisecond's work). */
const IDLE_CHUNK = 500;

function idle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(work, { timeout: 2000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(work, 50);
  return () => clearTimeout(handle);
}
