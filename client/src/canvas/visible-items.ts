import { boxesIntersect, itemBounds } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { createStore } from '../editor/store';
import type { Store } from '../editor/store';

/** How much beyond the visible area is still drawn, as a fraction of it (smooth panning). */
const MARGIN = 0.25;

/**
 * The ids of items to draw: those whose bounds meet the viewport (plus a margin), bottom first.
 * Its value only changes identity when that list changes, so panning over a steady board and
 * edits to off-screen items do not re-render the item layer.
 */
export function createVisibleItems(
  editor: BoardEditor,
): Store<readonly string[]> & { dispose(): void } {
  const store = createStore<readonly string[]>([]);
  const recompute = () => {
    const order = editor.items.order.get();
    let next: readonly string[];
    if (!editor.culling.get()) {
      next = order;
    } else {
      const view = editor.visibleBox();
      const area = {
        x: view.x - view.w * MARGIN,
        y: view.y - view.h * MARGIN,
        w: view.w * (1 + 2 * MARGIN),
        h: view.h * (1 + 2 * MARGIN),
      };
      next = order.filter((id) => {
        const item = editor.items.byId(id);
        return !!item && boxesIntersect(itemBounds(item, editor.items.byId), area);
      });
    }
    const current = store.get();
    if (current.length === next.length && current.every((id, i) => id === next[i])) return;
    store.set(next);
  };
  recompute();
  const stops = [
    editor.items.version.subscribe(recompute),
    editor.items.order.subscribe(recompute),
    editor.viewport.subscribe(recompute),
    editor.canvasSize.subscribe(recompute),
    editor.culling.subscribe(recompute),
  ];
  return { ...store, dispose: () => stops.forEach((stop) => stop()) };
}
