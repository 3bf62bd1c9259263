import type { BoardItem } from '@weboard/shared';
import { useCallback, useEffect, useReducer, useSyncExternalStore } from 'react';
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
