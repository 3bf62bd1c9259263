import type { Box } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { createStore } from '../editor/store';
import type { Store } from '../editor/store';
import { areaServes, cullArea } from './culling';
import { createSpatialIndex } from './spatial-index';
import type { SpatialIndex } from './spatial-index';

export interface VisibleItems extends Store<readonly string[]> {
  /** The R-tree behind culling (also answers "where is the content" without a scan). */
  readonly index: SpatialIndex;
  dispose(): void;
}

/**
 * The ids of items to draw: those whose bounds meet the viewport (plus a margin), bottom first.
 * Culling is an R-tree query, and it is only repeated when the view leaves the area queried last
 * or items change, so panning over a steady board costs nothing per frame. Its value only changes
 * identity when the list changes, so edits to off-screen items do not re-render the item layer.
 */
export function createVisibleItems(editor: BoardEditor): VisibleItems {
  const store = createStore<readonly string[]>([]);
  const index = createSpatialIndex(editor.items.byId);
  let position = new Map<string, number>();
  let area: Box | null = null;

  const indexOrder = () => {
    const order = editor.items.order.get();
    position = new Map(order.map((id, i) => [id, i]));
  };

  const publish = (next: readonly string[]) => {
    const current = store.get();
    if (current.length === next.length && current.every((id, i) => id === next[i])) return;
    store.set(next);
  };

  const recompute = (force: boolean) => {
    if (!editor.culling.get()) {
      area = null;
      publish(editor.items.order.get());
      return;
    }
    const view = editor.visibleBox();
    if (!force && area && areaServes(area, view)) return;
    area = cullArea(view);
    const hits = index.search(area);
    hits.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    publish(hits);
  };

  index.reset(editor.items.order.get());
  indexOrder();
  recompute(true);
  const stops = [
    editor.items.subscribeChanges((ids) => {
      index.update(ids);
      recompute(true);
    }),
    editor.items.order.subscribe(() => {
      indexOrder();
      recompute(true);
    }),
    editor.viewport.subscribe(() => recompute(false)),
    editor.canvasSize.subscribe(() => recompute(false)),
    editor.culling.subscribe(() => recompute(true)),
  ];
  return { ...store, index, dispose: () => stops.forEach((stop) => stop()) };
}
