/** A point on the board, in board units. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle on the board. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Anything placed like an item: a box turned by `rotation` degrees about its top-left corner. */
export interface Placed extends Box {
  rotation: number;
}

const RAD = Math.PI / 180;

/** Turns `point` by `degrees` about `origin` (clockwise on screen, as Konva rotates). */
export function rotatePoint(point: Point, origin: Point, degrees: number): Point {
  if (degrees === 0) return point;
  const cos = Math.cos(degrees * RAD);
  const sin = Math.sin(degrees * RAD);
  const dx = point.x - origin.x;
  const dy = point.y - origin.y;
  return { x: origin.x + dx * cos - dy * sin, y: origin.y + dx * sin + dy * cos };
}

/** A board point in the item's own unrotated frame (0..w, 0..h is inside). */
export function toLocal(item: Placed, point: Point): Point {
  const turned = rotatePoint(point, { x: item.x, y: item.y }, -item.rotation);
  return { x: turned.x - item.x, y: turned.y - item.y };
}

/** A point in the item's own frame, back on the board. */
export function toBoard(item: Placed, local: Point): Point {
  return rotatePoint({ x: item.x + local.x, y: item.y + local.y }, item, item.rotation);
}

/** The four corners of an item on the board, clockwise from its origin. */
export function corners(item: Placed): Point[] {
  return [
    { x: 0, y: 0 },
    { x: item.w, y: 0 },
    { x: item.w, y: item.h },
    { x: 0, y: item.h },
  ].map((corner) => toBoard(item, corner));
}

/** The axis-aligned box around a possibly rotated item. */
export function boundsOf(item: Placed): Box {
  if (item.rotation % 360 === 0) return { x: item.x, y: item.y, w: item.w, h: item.h };
  return boxAround(corners(item));
}

/** The smallest box holding every point (an empty box at the origin for none). */
export function boxAround(points: readonly Point[]): Box {
  return (
    unionBoxes(points.map((p) => ({ x: p.x, y: p.y, w: 0, h: 0 }))) ?? { x: 0, y: 0, w: 0, h: 0 }
  );
}

/** The smallest box holding every box; null for none. One pass, no copies (boards are large). */
export function unionBoxes(boxes: Iterable<Box>): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** True when `inner` lies completely inside `outer`. */
export function boxContains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

export function boxCenter(box: Box): Point {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 };
}

/** The centre of a possibly rotated item, on the board. */
export function itemCenter(item: Placed): Point {
  return toBoard(item, { x: item.w / 2, y: item.h / 2 });
}

/** A box from two opposite corners in any order. */
export function boxFromCorners(a: Point, b: Point): Box {
  return {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    w: Math.abs(b.x - a.x),
    h: Math.abs(b.y - a.y),
  };
}

/** Distance from `p` to the segment a–b. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Distance from `p` to a polyline given as points. */
export function distanceToPolyline(p: Point, points: readonly Point[]): number {
  if (points.length === 1) return Math.hypot(p.x - points[0]!.x, p.y - points[0]!.y);
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    best = Math.min(best, distanceToSegment(p, points[i - 1]!, points[i]!));
  }
  return best;
}
