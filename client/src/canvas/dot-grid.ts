import { gridSpacing } from '../editor/viewport';
import type { Viewport } from '../editor/viewport';
import type { CanvasTheme } from './canvas-theme';

export interface GridPlacement {
  /** Distance between dots on screen. */
  spacing: number;
  /** Screen position of a dot less than one cell left of and above the window's corner. */
  offsetX: number;
  offsetY: number;
  /** Dot radius on screen: 1–1.6 px, growing with the zoom. */
  radius: number;
}

/**
 * How the dot grid lies on the screen for a viewport: dots `gridSpacing(scale)` apart, in step
 * with the board's own grid wherever the camera is.
 */
export function gridPlacement(viewport: Viewport): GridPlacement {
  const spacing = gridSpacing(viewport.scale);
  const offset = (v: number) => (((v % spacing) + spacing) % spacing) - spacing;
  return {
    spacing,
    offsetX: offset(viewport.x),
    offsetY: offset(viewport.y),
    radius: Math.max(1, Math.min(1.6, viewport.scale * 1.4)),
  };
}

/** The picture of the dots for one zoom, window size, pixel ratio and theme (see DotGrid.tsx). */
export interface GridTile {
  spacing: number;
  radius: number;
  /** Size in CSS pixels: the window plus one cell and a margin on each side. */
  width: number;
  height: number;
  ratio: number;
  theme: CanvasTheme;
  /** Where the first dot sits from the tile's top-left corner, so that no dot is cut. */
  pad: number;
}

/**
 * The tile to paint for a placement: it holds every dot the window can show wherever the camera
 * pans (one cell of slack), so panning only moves it.
 */
export function gridTile(
  placement: GridPlacement,
  size: { width: number; height: number },
  ratio: number,
  theme: CanvasTheme,
): GridTile {
  const pad = Math.ceil(placement.radius) + 1;
  return {
    spacing: placement.spacing,
    radius: placement.radius,
    width: size.width + placement.spacing + 2 * pad,
    height: size.height + placement.spacing + 2 * pad,
    ratio,
    theme,
    pad,
  };
}
