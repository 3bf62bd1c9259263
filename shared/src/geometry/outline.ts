import type { Placed, Point } from './box';
import { toBoard, toLocal } from './box';

/** The outline an item is drawn with: what hit-testing and connector anchoring follow. */
export type Outline = 'rect' | 'ellipse' | 'diamond';

/** True when `point` (board) is inside the item's outline, grown by `tolerance` board units. */
export function outlineContains(
  item: Placed,
  outline: Outline,
  point: Point,
  tolerance = 0,
): boolean {
  const local = toLocal(item, point);
  const halfW = item.w / 2 + tolerance;
  const halfH = item.h / 2 + tolerance;
  const dx = local.x - item.w / 2;
  const dy = local.y - item.h / 2;
  switch (outline) {
    case 'rect':
      return Math.abs(dx) <= halfW && Math.abs(dy) <= halfH;
    case 'ellipse':
      return (dx * dx) / (halfW * halfW) + (dy * dy) / (halfH * halfH) <= 1;
    case 'diamond':
      return Math.abs(dx) / halfW + Math.abs(dy) / halfH <= 1;
  }
}

/**
 * Where the ray from the item's centre towards `toward` (board) leaves its outline: the point a
 * connector attached to the item starts from, so arrows touch the shape rather than its centre.
 */
export function outlinePointToward(item: Placed, outline: Outline, toward: Point): Point {
  const local = toLocal(item, toward);
  const cx = item.w / 2;
  const cy = item.h / 2;
  const dx = local.x - cx;
  const dy = local.y - cy;
  if (dx === 0 && dy === 0) return toBoard(item, { x: cx, y: 0 });
  let t: number;
  switch (outline) {
    case 'rect':
      t = Math.min(
        dx === 0 ? Infinity : cx / Math.abs(dx),
        dy === 0 ? Infinity : cy / Math.abs(dy),
      );
      break;
    case 'ellipse':
      t = 1 / Math.sqrt((dx * dx) / (cx * cx) + (dy * dy) / (cy * cy));
      break;
    case 'diamond':
      t = 1 / (Math.abs(dx) / cx + Math.abs(dy) / cy);
      break;
  }
  return toBoard(item, { x: cx + dx * t, y: cy + dy * t });
}

/** The item's side midpoints in its own frame, for elbow connectors: right, bottom, left, top. */
export function sideAnchors(item: Placed): { point: Point; normal: Point }[] {
  const sides = [
    { local: { x: item.w, y: item.h / 2 }, normal: { x: 1, y: 0 } },
    { local: { x: item.w / 2, y: item.h }, normal: { x: 0, y: 1 } },
    { local: { x: 0, y: item.h / 2 }, normal: { x: -1, y: 0 } },
    { local: { x: item.w / 2, y: 0 }, normal: { x: 0, y: -1 } },
  ];
  const rad = (item.rotation * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  return sides.map(({ local, normal }) => ({
    point: toBoard(item, local),
    normal: { x: normal.x * cos - normal.y * sin, y: normal.x * sin + normal.y * cos },
  }));
}
