/**
 * The camera over the board. A board point (bx, by) appears on screen at
 * (bx * scale + x, by * scale + y), in CSS pixels relative to the canvas.
 */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

export interface Point {
  x: number;
  y: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;

export const INITIAL_VIEWPORT: Viewport = { x: 0, y: 0, scale: 1 };

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function boardToScreen(viewport: Viewport, point: Point): Point {
  return { x: point.x * viewport.scale + viewport.x, y: point.y * viewport.scale + viewport.y };
}

export function screenToBoard(viewport: Viewport, point: Point): Point {
  return { x: (point.x - viewport.x) / viewport.scale, y: (point.y - viewport.y) / viewport.scale };
}

/** Zooms to `scale` (clamped) keeping the board point under `anchor` (screen) where it is. */
export function zoomAt(viewport: Viewport, anchor: Point, scale: number): Viewport {
  const next = clampScale(scale);
  const board = screenToBoard(viewport, anchor);
  return { scale: next, x: anchor.x - board.x * next, y: anchor.y - board.y * next };
}

export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { ...viewport, x: viewport.x + dx, y: viewport.y + dy };
}

/** The board point at the centre of a canvas of the given size. */
export function viewportCenter(viewport: Viewport, width: number, height: number): Point {
  return screenToBoard(viewport, { x: width / 2, y: height / 2 });
}

/** What a wheel event means on the canvas. */
export type WheelIntent =
  { kind: 'zoom'; factor: number } | { kind: 'pan'; dx: number; dy: number };

export interface WheelLike {
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  ctrlKey: boolean;
  metaKey: boolean;
}

const LINE_HEIGHT_PX = 16;
const PAGE_HEIGHT_PX = 800;

/**
 * Classifies a wheel event. Pinch gestures arrive as ctrl+wheel; a two-finger trackpad scroll
 * arrives as small, often fractional pixel deltas (or with a horizontal component) and pans;
 * a notched mouse wheel (line mode, or large whole-pixel steps) zooms.
 */
export function interpretWheel(event: WheelLike): WheelIntent {
  const unit = event.deltaMode === 1 ? LINE_HEIGHT_PX : event.deltaMode === 2 ? PAGE_HEIGHT_PX : 1;
  const dx = event.deltaX * unit;
  const dy = event.deltaY * unit;
  if (event.ctrlKey || event.metaKey) {
    // Pinch deltas are small; clamp so a single big mouse step never jumps more than ~2x.
    const step = Math.max(-50, Math.min(50, dy));
    return { kind: 'zoom', factor: Math.exp(-step * 0.01) };
  }
  const mouseWheel =
    event.deltaMode !== 0 ||
    (event.deltaX === 0 && Number.isInteger(event.deltaY) && Math.abs(event.deltaY) >= 50);
  if (mouseWheel) {
    const step = Math.max(-200, Math.min(200, dy));
    return { kind: 'zoom', factor: Math.exp(-step * 0.0015) };
  }
  return { kind: 'pan', dx: -dx, dy: -dy };
}

/** The dot grid spacing on screen: doubles the board spacing until dots are not too dense. */
export function gridSpacing(scale: number, boardSpacing = 24, minScreenSpacing = 14): number {
  let spacing = boardSpacing * scale;
  while (spacing < minScreenSpacing) spacing *= 2;
  return spacing;
}
