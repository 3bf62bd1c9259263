import type { Box } from '@weboard/shared';

/** How much beyond the visible area is still drawn, as a fraction of it on each side. */
export const CULL_MARGIN = 0.25;

/**
 * Below this zoom the board is drawn as plain blocks (one canvas shape for all items, no text,
 * no shadows): text would be a few pixels high anyway, and thousands of items are on screen.
 */
export const BLOCKS_BELOW_SCALE = 0.35;

export type LevelOfDetail = 'full' | 'blocks';

/** How much detail items get at this zoom. */
export function levelOfDetail(scale: number): LevelOfDetail {
  return scale < BLOCKS_BELOW_SCALE ? 'blocks' : 'full';
}

/** The area whose items are mounted for this view: the view grown by the margin on every side. */
export function cullArea(view: Box, margin = CULL_MARGIN): Box {
  return {
    x: view.x - view.w * margin,
    y: view.y - view.h * margin,
    w: view.w * (1 + 2 * margin),
    h: view.h * (1 + 2 * margin),
  };
}

/**
 * Whether items culled for `area` still serve `view`: the view lies inside it and the area is not
 * much larger than a fresh one (after zooming in, a stale area would keep far too many mounted).
 * Panning within the margin then costs no query and no React work at all.
 */
export function areaServes(area: Box, view: Box, margin = CULL_MARGIN): boolean {
  const inside =
    view.x >= area.x &&
    view.y >= area.y &&
    view.x + view.w <= area.x + area.w &&
    view.y + view.h <= area.y + area.h;
  const fresh = view.w * (1 + 2 * margin);
  return inside && area.w <= fresh * 2;
}
