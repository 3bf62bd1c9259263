import {
  boxContains,
  boxesIntersect,
  itemsInMarquee,
  routeConnector,
  topItemAt,
} from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { HIT_TOLERANCE_PX } from './tools';

type Queries = Pick<
  BoardEditor,
  'itemAt' | 'attachableAt' | 'connectorRoute' | 'itemsInBox' | 'carried' | 'snapTargets'
>;

/** What the tools ask about the board: hit tests, marquee, what a frame carries, snap targets. */
export function boardQueries(ctx: EditorContext): Queries {
  const { items, lookup, itemBox } = ctx;
  const pixel = () => 1 / ctx.viewport.get().scale;
  return {
    itemAt(point) {
      return topItemAt(items.get(), point, HIT_TOLERANCE_PX * pixel(), lookup);
    },
    attachableAt(point) {
      const attachable = items.get().filter((i) => i.type !== 'connector' && i.type !== 'pen');
      return topItemAt(attachable, point, HIT_TOLERANCE_PX * pixel(), lookup);
    },
    connectorRoute(connector) {
      return routeConnector(connector, lookup);
    },
    itemsInBox(box) {
      return itemsInMarquee(items.get(), box, lookup);
    },
    carried(ids) {
      const editor = ctx.self();
      const moving = new Set(ids);
      const frames = ids.map(lookup).filter((item) => item?.type === 'frame') as BoardItem[];
      if (frames.length === 0) return [];
      return items.get().filter((item) => {
        if (moving.has(item.id) || !editor.canMove(item)) return false;
        const box = itemBox(item);
        return frames.some((frame) => boxContains(frame, box));
      });
    },
    snapTargets(moving) {
      const view = ctx.visibleBox();
      return items
        .get()
        .filter((item) => !moving.has(item.id) && item.type !== 'connector')
        .map(itemBox)
        .filter((box) => boxesIntersect(box, view));
    },
  };
}
