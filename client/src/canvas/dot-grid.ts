import { gridSpacing } from '../editor/viewport';
import type { Viewport } from '../editor/viewport';

/**
 * The smallest painted cell. A cell with one dot is painted at this size (or a power of two times
 * it when zoomed far in) and repeated as a pattern scaled down to the on-screen spacing, so zooming
 * reuses a few cached cells instead of painting new ones.
 */
export const GRID_TILE = 28;

/** Steps of the painted dot radius, so a whole zoom needs a handful of cells. */
const DOT_STEP = 0.25;

export interface GridPlacement {
  /** Screen offset of the pattern: less than one cell left of and above the window's corner. */
  offsetX: number;
  offsetY: number;
  /** Scale from the painted cell to the screen, in (½, 1]. */
  factor: number;
  /** Painted cell size. */
  tile: number;
  /** Dot radius in the painted cell. */
  dot: number;
}

/**
 * How the dot grid is laid on the screen for a viewport. Its cells are `gridSpacing(scale)` on
 * screen and line up with the board's own grid; on screen a dot is 1–1.6 px in radius, growing
 * with the zoom.
 */
export function gridPlacement(viewport: Viewport): GridPlacement {
  const spacing = gridSpacing(viewport.scale);
  let tile = GRID_TILE;
  while (tile < spacing) tile *= 2;
  const factor = spacing / tile;
  const offset = (v: number) => (((v % spacing) + spacing) % spacing) - spacing;
  const screenDot = Math.max(1, Math.min(1.6, viewport.scale * 1.4));
  return {
    offsetX: offset(viewport.x),
    offsetY: offset(viewport.y),
    factor,
    tile,
    dot: Math.round(screenDot / factor / DOT_STEP) * DOT_STEP,
  };
}
