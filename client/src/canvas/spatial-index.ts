import { itemBounds } from '@weboard/shared';
import type { BoardItem, Box } from '@weboard/shared';
import RBush from 'rbush';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  id: string;
}

/**
 * An R-tree of item bounds, kept in step with the board one changed item at a time, so culling a
 * 50k-item board is a tree query (log n + hits) instead of a scan of every item each frame.
 * Connectors are re-indexed when an item they are attached to moves, because their bounds follow
 * their ends.
 */
export interface SpatialIndex {
  /** Re-reads these items (added, moved or deleted) and the connectors attached to them. */
  update(ids: Iterable<string>): void;
  /** These items and the connectors attached to them: what `update` re-reads. */
  affected(ids: Iterable<string>): Set<string>;
  /** The indexed bounds of an item (as of its last update), if it is indexed. */
  boxOf(id: string): Box | undefined;
  /** Forgets everything and indexes these items in one bulk load (a board opening; deferred like a large `update`). */
  reset(ids: Iterable<string>): void;
  /** Ids of the items whose bounds meet `box`, in no particular order. */
  search(box: Box): string[];
  /** The bounds of every indexed item together, or null for an empty board. */
  bounds(): Box | null;
  readonly size: number;
}

/** Fewer changed items than this are always re-indexed one by one. */
const BULK_MIN = 500;

/**
 * `later` runs the bulk load of a large batch (a board arriving) once the page is idle: until
 * then, searches scan the entries (well under a millisecond at 10,000 items), so the task that
 * applies the board, and its first frame, do without the load (~10-25 ms at 10,000 items).
 * Without it the tree is loaded at once.
 */
export function createSpatialIndex(
  lookup: (id: string) => BoardItem | undefined,
  later?: (work: () => void) => void,
): SpatialIndex {
  const tree = new RBush<Entry>();
  const entries = new Map<string, Entry>();
  // The tree lags `entries` (a bulk load is due): it is reloaded from them when idle or asked.
  let stale = false;
  let loadWaiting = false;
  const load = () => {
    if (!stale) return;
    stale = false;
    tree.clear();
    tree.load([...entries.values()]);
  };
  const loadLater = () => {
    stale = true;
    if (!later) return load();
    if (loadWaiting) return;
    loadWaiting = true;
    later(() => {
      loadWaiting = false;
      load();
    });
  };
  // item id → connectors with an end on it; connector id → the item ids it is attached to.
  const attached = new Map<string, Set<string>>();
  const endsOf = new Map<string, string[]>();

  const detach = (connectorId: string) => {
    for (const end of endsOf.get(connectorId) ?? []) {
      const set = attached.get(end);
      set?.delete(connectorId);
      if (set?.size === 0) attached.delete(end);
    }
    endsOf.delete(connectorId);
  };
  const attach = (item: BoardItem) => {
    if (item.type !== 'connector') return;
    const ends = [item.from.itemId, item.to.itemId].filter((end): end is string => !!end);
    endsOf.set(item.id, ends);
    for (const end of ends) {
      let set = attached.get(end);
      if (!set) attached.set(end, (set = new Set()));
      set.add(item.id);
    }
  };
  const entryOf = (item: BoardItem): Entry => {
    const box = itemBounds(item, lookup);
    return { minX: box.x, minY: box.y, maxX: box.x + box.w, maxY: box.y + box.h, id: item.id };
  };
  /** Re-reads one item; `inTree` false leaves the tree to a bulk reload. */
  const reindex = (id: string, inTree: boolean) => {
    const old = entries.get(id);
    if (old && inTree && !stale) tree.remove(old);
    entries.delete(id);
    detach(id);
    const item = lookup(id);
    if (!item) return;
    const entry = entryOf(item);
    entries.set(id, entry);
    if (inTree && !stale) tree.insert(entry);
    attach(item);
  };

  function affected(ids: Iterable<string>): Set<string> {
    const touched = new Set<string>();
    for (const id of ids) {
      touched.add(id);
      for (const connector of attached.get(id) ?? []) touched.add(connector);
    }
    return touched;
  }

  return {
    affected,
    boxOf(id) {
      const entry = entries.get(id);
      return (
        entry && {
          x: entry.minX,
          y: entry.minY,
          w: entry.maxX - entry.minX,
          h: entry.maxY - entry.minY,
        }
      );
    },
    update(ids) {
      const touched = affected(ids);
      // A large batch (an import, a restore) is cheaper as one bulk load than one removal and
      // insertion per item: for 10k items about 10 ms instead of 45.
      const bulk = touched.size > Math.max(BULK_MIN, entries.size / 4);
      for (const id of touched) reindex(id, !bulk);
      if (bulk) loadLater();
    },
    reset(ids) {
      tree.clear();
      entries.clear();
      attached.clear();
      endsOf.clear();
      const all: Entry[] = [];
      for (const id of ids) {
        const item = lookup(id);
        if (!item) continue;
        const entry = entryOf(item);
        entries.set(id, entry);
        all.push(entry);
        attach(item);
      }
      if (all.length > BULK_MIN && later) {
        loadLater();
      } else {
        tree.load(all);
        stale = false;
      }
    },
    search(box) {
      if (stale) {
        const maxX = box.x + box.w;
        const maxY = box.y + box.h;
        const found: string[] = [];
        for (const entry of entries.values()) {
          if (
            entry.minX <= maxX &&
            box.x <= entry.maxX &&
            entry.minY <= maxY &&
            box.y <= entry.maxY
          ) {
            found.push(entry.id);
          }
        }
        return found;
      }
      return tree
        .search({ minX: box.x, minY: box.y, maxX: box.x + box.w, maxY: box.y + box.h })
        .map((entry) => entry.id);
    },
    bounds() {
      if (entries.size === 0) return null;
      load();
      // The root node's box covers every entry.
      const root = tree.toJSON() as { minX: number; minY: number; maxX: number; maxY: number };
      return { x: root.minX, y: root.minY, w: root.maxX - root.minX, h: root.maxY - root.minY };
    },
    get size() {
      return entries.size;
    },
  };
}
