import { gridSpacing } from '../editor/viewport';
import type { Viewport } from '../editor/viewport';

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
