import {
  HIT_BEYOND_BOUNDS,
  boxContains,
  boxesIntersect,
  itemsInMarquee,
  routeConnector,
  topItemAt,
} from '@weboard/shared';
import type { BoardItem, Box, Point } from '@weboard/shared';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { HIT_TOLERANCE_PX } from './tools';

type Queries = Pick<
  BoardEditor,
  'itemAt' | 'attachableAt' | 'connectorRoute' | 'itemsInBox' | 'carried' | 'snapTargets'
>;

/**
 * What the tools ask about the board: hit tests, marquee, what a frame carries, snap targets.
 * With the canvas's R-tree attached (ctx.itemsNear) the hit tests, the marquee and snapping look
 * only at the items near the point or box, bottom first as the store has them, so a press or a
 * drag costs the same on a board of 100,000 items as on one of 100 (a scan of every item took
 * ~15 ms for a hit test and ~35 ms for the snap targets at 100,000 notes; issue #18).
 */
export function boardQueries(ctx: EditorContext): Queries {
  const { items, lookup, itemBox } = ctx;
  const pixel = () => 1 / ctx.viewport.get().scale;
  /** Items near one of `boxes`, bottom first: from the index, else all of them. */
  const near = (...boxes: Box[]): readonly BoardItem[] => ctx.itemsNear(...boxes) ?? items.get();
  /** Items a press at `point` within `tolerance` may hit. */
  const nearPoint = (point: Point, tolerance: number) => {
    const reach = tolerance + HIT_BEYOND_BOUNDS;
    return near({ x: point.x - reach, y: point.y - reach, w: 2 * reach, h: 2 * reach });
  };
  return {
    itemAt(point) {
      const tolerance = HIT_TOLERANCE_PX * pixel();
      return topItemAt(nearPoint(point, tolerance), point, tolerance, lookup);
    },
    attachableAt(point) {
      const tolerance = HIT_TOLERANCE_PX * pixel();
      const attachable = nearPoint(point, tolerance).filter(
        (i) => i.type !== 'connector' && i.type !== 'pen',
      );
      return topItemAt(attachable, point, tolerance, lookup);
    },
    connectorRoute(connector) {
      return routeConnector(connector, lookup);
    },
    itemsInBox(box) {
      return itemsInMarquee(near(box), box, lookup);
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
    snapTargets(moving, box, reach) {
      const view = ctx.visibleBox();
      // Only an item whose x span comes within `reach` of the box's can line up with it on x, and
      // likewise on y: the column and the row of the view through the box hold every target
      // snapBox could pick, so a drag looks at those (a few hundred notes at 10 % zoom) instead
      // of every item in view (issue #18). Twice the reach keeps the items a guide spans (lines
      // within 1e-6 of the snapped one); more targets, in the same order, snap the same.
      const margin = 2 * reach;
      const column = { x: box.x - margin, y: view.y, w: box.w + 2 * margin, h: view.h };
      const row = { x: view.x, y: box.y - margin, w: view.w, h: box.h + 2 * margin };
      const targets: Box[] = [];
      for (const item of near(column, row)) {
        if (moving.has(item.id) || item.type === 'connector') continue;
        const bounds = itemBox(item);
        if (!boxesIntersect(bounds, view)) continue;
        if (boxesIntersect(bounds, column) || boxesIntersect(bounds, row)) targets.push(bounds);
      }
      return targets;
    },
  };
}
