import { compareZ, itemsMap, readItem } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import type * as Y from 'yjs';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/**
 * A live view of the board's items, made for large boards: a change re-reads and re-validates only
 * the items it touched, notifies only those items' subscribers (so one remote move re-renders one
 * node, not the board), and re-sorts the z-order only when an item is added, removed or restacked.
 *
 * As a Store it yields every item bottom first (computed lazily, for panels and tests).
 */
export interface ItemsStore extends Store<readonly BoardItem[]> {
  /** The current record of one item. */
  byId(id: string): BoardItem | undefined;
  /** Calls `listener` whenever that one item changes (or appears, or goes). */
  subscribeItem(id: string, listener: () => void): () => void;
  /**
   * A record of one item that is replaced only when something other than its position changes:
   * what a drawing that moves its node itself on a move (ItemNode) re-renders on. Its `x` and `y`
   * may be out of date; `byId` has the current ones.
   */
  lookOf(id: string): BoardItem | undefined;
  /** Item ids bottom first; changes identity only when membership or stacking changes. */
  readonly order: Store<readonly string[]>;
  /** Bumped on every change of any item, for code that derives from all of them (culling). */
  readonly version: Store<number>;
  /** Calls `listener` with the ids each change touched, before `version` moves (spatial index). */
  subscribeChanges(listener: (ids: ReadonlySet<string>) => void): () => void;
  dispose(): void;
}

/** Equal values, objects and arrays compared by content (readItem makes fresh ones on each read). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const fieldsA = a as Record<string, unknown>;
  const fieldsB = b as Record<string, unknown>;
  return keys.every((key) => key in fieldsB && sameValue(fieldsA[key], fieldsB[key]));
}

/** Whether two records of an item differ in nothing but their position. */
function samePlaceAside(a: BoardItem, b: BoardItem): boolean {
  return sameValue({ ...a, x: 0, y: 0 }, { ...b, x: 0, y: 0 });
}

export function createItemsStore(doc: Y.Doc): ItemsStore {
  const items = itemsMap(doc);
  /** The ids of the items that a change's events touched. */
  const touchedIds = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === items) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
      } else {
        const id = event.path[0];
        if (typeof id === 'string') touched.add(id);
      }
    }
    return touched;
  };
  const byId = new Map<string, BoardItem>();
  // The looks that are not the current record (an item moved since its look last changed): most
  // items have none, so a board arriving does not fill a second map of every item.
  const looks = new Map<string, BoardItem>();
  const itemListeners = new Map<string, Set<() => void>>();
  const order = createStore<readonly string[]>([]);
  const version = createStore(0);
  const changeListeners = new Set<(ids: ReadonlySet<string>) => void>();
  let sorted: readonly BoardItem[] | null = null;

  const reread = (id: string): boolean => {
    const map = items.get(id);
    const before = byId.get(id);
    const item = map ? readItem(map, id) : null;
    if (item) {
      byId.set(id, item);
      const look = looks.get(id) ?? before;
      if (!look || !samePlaceAside(look, item)) looks.delete(id);
      else if (look === before) looks.set(id, look);
    } else {
      byId.delete(id);
      looks.delete(id);
    }
    // Restacking matters only when membership or z changed.
    return !before !== !item || (!!before && !!item && before.z !== item.z);
  };
  const resort = () => {
    const ids = [...byId.values()].sort(compareZ).map((item) => item.id);
    order.set(ids);
  };

  for (const id of items.keys()) reread(id);
  resort();

  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    // keysChanged, not changes.keys: working out each key's old value and action for a board
    // arriving (10,000 keys) costs time the first frame waits for, and a key added and removed
    // within the change only rereads as absent. A change of the items map alone (a board arriving,
    // items added or deleted) touches just its keys: that set as it is, not a copy of 50,000 ids.
    const only = events.length === 1 && events[0]!.target === items ? events[0] : null;
    const touched: ReadonlySet<string> = only
      ? (only as Y.YMapEvent<unknown>).keysChanged
      : touchedIds(events);
    let restack = false;
    for (const id of touched) restack = reread(id) || restack;
    sorted = null;
    if (restack) resort();
    if (itemListeners.size > 0) {
      for (const id of touched) {
        const listeners = itemListeners.get(id);
        if (listeners) for (const listener of [...listeners]) listener();
      }
    }
    for (const listener of [...changeListeners]) listener(touched);
    version.set((v) => v + 1);
  };
  items.observeDeep(observer);

  return {
    get() {
      sorted ??= order.get().map((id) => byId.get(id)!);
      return sorted;
    },
    set() {
      throw new Error('the items store is read-only; write to the document');
    },
    subscribe: version.subscribe,
    byId: (id) => byId.get(id),
    lookOf: (id) => looks.get(id) ?? byId.get(id),
    subscribeItem(id, listener) {
      let set = itemListeners.get(id);
      if (!set) itemListeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) itemListeners.delete(id);
      };
    },
    order,
    version,
    subscribeChanges(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    dispose: () => items.unobserveDeep(observer),
  };
}
