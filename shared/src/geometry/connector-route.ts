import type { BoardItem } from '../schema';
import type { ConnectorEndpoint, ConnectorItem, ConnectorRouting } from '../schema/connector';
import type { Placed, Point } from './box';
import { itemCenter } from './box';
import { outlinePointToward, sideAnchors } from './outline';
import type { Outline } from './outline';

/** Looks an item up by id; undefined when it is not on the board (deleted, or not yet synced). */
export type ItemLookup = (id: string) => BoardItem | undefined;

/** A connector as drawn: the polyline, its two ends and where the label sits. */
export interface ConnectorRoute {
  points: Point[];
  start: Point;
  end: Point;
  /** Middle of the polyline by length. */
  labelAt: Point;
}

/** The outline an item's edge follows. */
export function outlineOf(item: BoardItem): Outline {
  if (item.type === 'shape') return item.kind === 'rect' ? 'rect' : item.kind;
  return 'rect';
}

/** The item an endpoint is attached to, when it is attached and that item exists (and can anchor). */
export function attachedItem(
  endpoint: ConnectorEndpoint,
  lookup: ItemLookup,
): BoardItem | undefined {
  if (!endpoint.itemId) return undefined;
  const item = lookup(endpoint.itemId);
  // Connectors never anchor to connectors: that could chain into a cycle.
  return item && item.type !== 'connector' ? item : undefined;
}

/** Where an endpoint aims from afar: the attached item's centre, or the free point. */
function referencePoint(endpoint: ConnectorEndpoint, lookup: ItemLookup): Point {
  const item = attachedItem(endpoint, lookup);
  return item ? itemCenter(item) : { x: endpoint.x, y: endpoint.y };
}

interface End {
  point: Point;
  /** Unit direction the line leaves this end in (elbow routing only). */
  normal: Point;
}

function dominantNormal(from: Point, toward: Point): Point {
  const dx = toward.x - from.x;
  const dy = toward.y - from.y;
  return Math.abs(dx) >= Math.abs(dy)
    ? { x: Math.sign(dx) || 1, y: 0 }
    : { x: 0, y: Math.sign(dy) || 1 };
}

function resolveEnd(
  endpoint: ConnectorEndpoint,
  other: Point,
  routing: ConnectorRouting,
  lookup: ItemLookup,
): End {
  const item = attachedItem(endpoint, lookup);
  if (!item) {
    const point = { x: endpoint.x, y: endpoint.y };
    return { point, normal: dominantNormal(point, other) };
  }
  if (routing === 'straight') {
    const point = outlinePointToward(item as Placed, outlineOf(item), other);
    return { point, normal: dominantNormal(point, other) };
  }
  // Elbow: leave from the side midpoint that faces the other end best.
  let best = sideAnchors(item)[0]!;
  let bestScore = -Infinity;
  for (const side of sideAnchors(item)) {
    const dx = other.x - side.point.x;
    const dy = other.y - side.point.y;
    const length = Math.hypot(dx, dy) || 1;
    const score = (dx * side.normal.x + dy * side.normal.y) / length;
    if (score > bestScore) {
      bestScore = score;
      best = side;
    }
  }
  // Snap a rotated item's normal to the nearest axis so the route stays orthogonal.
  return { point: best.point, normal: dominantNormal({ x: 0, y: 0 }, best.normal) };
}

function elbowPoints(start: End, end: End): Point[] {
  const s = start.point;
  const e = end.point;
  const startHorizontal = start.normal.x !== 0;
  const endHorizontal = end.normal.x !== 0;
  let middle: Point[];
  if (startHorizontal && endHorizontal) {
    const midX = (s.x + e.x) / 2;
    middle = [
      { x: midX, y: s.y },
      { x: midX, y: e.y },
    ];
  } else if (!startHorizontal && !endHorizontal) {
    const midY = (s.y + e.y) / 2;
    middle = [
      { x: s.x, y: midY },
      { x: e.x, y: midY },
    ];
  } else if (startHorizontal) {
    middle = [{ x: e.x, y: s.y }];
  } else {
    middle = [{ x: s.x, y: e.y }];
  }
  return dedupe([s, ...middle, e]);
}

function dedupe(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last.x - p.x) > 1e-9 || Math.abs(last.y - p.y) > 1e-9) out.push(p);
  }
  if (out.length === 1) return [out[0]!, out[0]!];
  // Drop bends that do not bend: a point in line with both neighbours.
  const simple: Point[] = [out[0]!];
  for (let i = 1; i < out.length - 1; i++) {
    const a = simple[simple.length - 1]!;
    const p = out[i]!;
    const b = out[i + 1]!;
    const cross = (p.x - a.x) * (b.y - p.y) - (p.y - a.y) * (b.x - p.x);
    if (Math.abs(cross) > 1e-9) simple.push(p);
  }
  simple.push(out[out.length - 1]!);
  return simple;
}

/** The point halfway along a polyline, by length. */
export function polylineMidpoint(points: readonly Point[]): Point {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    total += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  }
  let remaining = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length >= remaining && length > 0) {
      const t = remaining / length;
      return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    }
    remaining -= length;
  }
  return points[0] ?? { x: 0, y: 0 };
}

/**
 * Routes a connector between its ends. An end attached to an existing item follows it (touching
 * its outline, or a side midpoint for elbows); a free end, or one whose item is gone, sits at its
 * stored point. The same inputs give the same route on every peer.
 */
export function routeConnector(
  connector: Pick<ConnectorItem, 'from' | 'to' | 'routing'>,
  lookup: ItemLookup,
): ConnectorRoute {
  const fromRef = referencePoint(connector.from, lookup);
  const toRef = referencePoint(connector.to, lookup);
  const start = resolveEnd(connector.from, toRef, connector.routing, lookup);
  const end = resolveEnd(connector.to, fromRef, connector.routing, lookup);
  const points =
    connector.routing === 'elbow' ? elbowPoints(start, end) : dedupe([start.point, end.point]);
  return { points, start: start.point, end: end.point, labelAt: polylineMidpoint(points) };
}
