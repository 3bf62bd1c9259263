import { compareIndex, itemsMap, readItem } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import type * as Y from 'yjs';
import { createStore } from './store';
import type { Store } from './store';

/**
 * A live, sorted view of the board's items. Only the items touched by a change are re-read and
 * re-validated, so dragging one note on a large board does not re-parse every other note.
 */
export function createItemsStore(doc: Y.Doc): Store<readonly BoardItem[]> & { dispose(): void } {
  const items = itemsMap(doc);
  const byId = new Map<string, BoardItem>();
  const store = createStore<readonly BoardItem[]>([]);

  const reread = (id: string) => {
    const map = items.get(id);
    const item = map ? readItem(map) : null;
    if (item) byId.set(id, item);
    else byId.delete(id);
  };
  const publish = () => {
    const sorted = [...byId.values()].sort((a, b) =>
      compareIndex({ key: a.z, id: a.id }, { key: b.z, id: b.id }),
    );
    store.set(sorted);
  };

  for (const id of items.keys()) reread(id);
  publish();

  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === items) {
        for (const key of event.changes.keys.keys()) touched.add(key);
      } else {
        const id = event.path[0];
        if (typeof id === 'string') touched.add(id);
      }
    }
    for (const id of touched) reread(id);
    publish();
  };
  items.observeDeep(observer);

  return { ...store, dispose: () => items.unobserveDeep(observer) };
}
