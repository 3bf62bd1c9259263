import type { BoardItem } from '../schema';
import { penBounds } from '../schema/pen';
import { MAX_STROKE_WIDTH } from '../schema/shape';
import type { Box, Point } from './box';
import { boundsOf, boxAround, boxesIntersect, distanceToPolyline, toLocal } from './box';
import { outlineOf, routeConnector } from './connector-route';
import type { ItemLookup } from './connector-route';
import { outlineContains } from './outline';

/** Height of a frame's title strip above its top edge, in board units; the frame's handle. */
export const FRAME_TITLE_HEIGHT = 28;
/** A frame's title strip is hit this wide at least, however narrow the frame. */
const FRAME_TITLE_MIN_WIDTH = 80;

/**
 * How far outside its bounds (itemBounds) a point can hit an item, beyond the tolerance: half the
 * widest stroke (a line is hit within tolerance + strokeWidth / 2 of its path) or a narrow frame's
 * title strip, which is at least 80 wide. A search for hits needs to look this much further.
 */
export const HIT_BEYOND_BOUNDS = Math.max(MAX_STROKE_WIDTH / 2, FRAME_TITLE_MIN_WIDTH);

/** The board box an item covers, connectors by their live route. */
export function itemBounds(item: BoardItem, lookup: ItemLookup): Box {
  if (item.type === 'connector') return boxAround(routeConnector(item, lookup).points);
  if (item.type === 'frame') {
    const box = boundsOf(item);
    return { ...box, y: box.y - FRAME_TITLE_HEIGHT, h: box.h + FRAME_TITLE_HEIGHT };
  }
  return boundsOf(item);
}

/** The pen stroke's points in its own frame, scaled to the stroke's current w/h. */
export function penLocalPoints(item: Extract<BoardItem, { type: 'pen' }>): Point[] {
  const natural = penBounds(item.points);
  const sx = item.w / natural.w;
  const sy = item.h / natural.h;
  const points: Point[] = [];
  for (let i = 0; i + 1 < item.points.length; i += 2) {
    points.push({ x: item.points[i]! * sx, y: item.points[i + 1]! * sy });
  }
  return points;
}

/**
 * True when `point` hits the item. `tolerance` (board units) is how near a thin line counts; a
 * frame is hit on its title strip and border only, so a marquee can start inside a lane.
 */
export function hitTestItem(
  item: BoardItem,
  point: Point,
  tolerance: number,
  lookup: ItemLookup,
): boolean {
  switch (item.type) {
    case 'connector': {
      const route = routeConnector(item, lookup);
      return distanceToPolyline(point, route.points) <= tolerance + item.strokeWidth / 2;
    }
    case 'pen':
      return (
        distanceToPolyline(toLocal(item, point), penLocalPoints(item)) <=
        tolerance + item.strokeWidth / 2
      );
    case 'frame': {
      const local = toLocal(item, point);
      const inTitle =
        local.y >= -FRAME_TITLE_HEIGHT &&
        local.y < 0 &&
        local.x >= 0 &&
        local.x <= Math.max(item.w, FRAME_TITLE_MIN_WIDTH);
      const nearBorder =
        outlineContains(item, 'rect', point, tolerance) &&
        !(
          local.x > tolerance &&
          local.x < item.w - tolerance &&
          local.y > tolerance &&
          local.y < item.h - tolerance
        );
      return inTitle || nearBorder;
    }
    default:
      return outlineContains(item, outlineOf(item), point, tolerance);
  }
}

/** The topmost item under `point`, given items in z-order (bottom first). */
export function topItemAt(
  items: readonly BoardItem[],
  point: Point,
  tolerance: number,
  lookup: ItemLookup,
): BoardItem | undefined {
  // Frames sit under their contents; an item inside wins even when the frame was made later.
  let frameHit: BoardItem | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (!hitTestItem(item, point, tolerance, lookup)) continue;
    if (item.type !== 'frame') return item;
    frameHit ??= item;
  }
  return frameHit;
}

/** Items whose bounds intersect the marquee box (frames only when fully inside it). */
export function itemsInMarquee(
  items: readonly BoardItem[],
  marquee: Box,
  lookup: ItemLookup,
): BoardItem[] {
  return items.filter((item) => {
    const bounds = itemBounds(item, lookup);
    if (item.type === 'frame') {
      return (
        bounds.x >= marquee.x &&
        bounds.y >= marquee.y &&
        bounds.x + bounds.w <= marquee.x + marquee.w &&
        bounds.y + bounds.h <= marquee.y + marquee.h
      );
    }
    return boxesIntersect(bounds, marquee);
  });
}
