import type { BoardItem } from '@weboard/shared';
import type Konva from 'konva';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useSyncExternalStore,
} from 'react';
import type { RefObject } from 'react';
import type { ItemsStore } from '../../editor/items';
import type { Store } from '../../lib/store';

/** Subscribes to one item only: a change elsewhere on the board does not re-render the caller. */
export function useItem(items: ItemsStore, id: string | null): BoardItem | undefined {
  const subscribe = useCallback(
    (listener: () => void) => (id ? items.subscribeItem(id, listener) : () => {}),
    [items, id],
  );
  const get = () => (id ? items.byId(id) : undefined);
  return useSyncExternalStore(subscribe, get, get);
}

/**
 * The item's record for drawing it, re-rendering the caller only when something other than its
 * position changes (pair it with usePlacedNode, which moves the node on a move). The record is
 * read when the caller renders, so its position is the current one then.
 */
export function useItemLook(items: ItemsStore, id: string): BoardItem | undefined {
  const subscribe = useCallback(
    (listener: () => void) => items.subscribeItem(id, listener),
    [items, id],
  );
  const look = () => items.lookOf(id);
  useSyncExternalStore(subscribe, look, look);
  return items.byId(id);
}

/**
 * A ref for the node drawn at the item's position: every change of position moves the node
 * directly, without a render (a remote move then costs no React work). A render gives the node
 * the position of that moment, so the two never disagree.
 */
export function usePlacedNode(items: ItemsStore, id: string): RefObject<Konva.Group | null> {
  const nodeRef = useRef<Konva.Group>(null);
  useLayoutEffect(() => {
    const place = () => {
      const node = nodeRef.current;
      const item = items.byId(id);
      if (!node || !item) return;
      if (node.x() !== item.x || node.y() !== item.y) node.position({ x: item.x, y: item.y });
    };
    place();
    return items.subscribeItem(id, place);
  }, [items, id]);
  return nodeRef;
}

/** Subscribes to a derived primitive of a store; re-renders only when that value changes. */
export function useStoreValue<T, R extends string | number | boolean | null>(
  store: Store<T>,
  select: (value: T) => R,
): R {
  const get = () => select(store.get());
  return useSyncExternalStore(store.subscribe, get, get);
}

/**
 * Re-renders the caller when any of the items `ids` changes (and only then): for components
 * that show a few items out of a large board, such as the selection's toolbar.
 */
export function useItemsChanges(items: ItemsStore, ids: readonly string[]): void {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const stops = ids.map((id) => items.subscribeItem(id, changed));
    return () => stops.forEach((stop) => stop());
  }, [items, ids]);
}
