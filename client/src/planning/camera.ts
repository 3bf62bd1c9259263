import type { BoardEditor } from '../editor/editor';
import { clampScale } from '../editor/viewport';

/** Pans and zooms so that the box is centred and comfortably visible, and selects `selectId`. */
export function focusBox(
  editor: BoardEditor,
  box: { x: number; y: number; w: number; h: number },
  selectId?: string,
): void {
  const { width, height } = editor.canvasSize.get();
  // Leave room for the side panels on both sides.
  const usableW = Math.max(200, width - 760);
  const usableH = Math.max(200, height - 200);
  const scale = clampScale(Math.min(1.2, usableW / (box.w * 1.6), usableH / (box.h * 1.6)));
  const centreX = 380 + usableW / 2;
  editor.viewport.set({
    scale,
    x: Math.round(centreX - (box.x + box.w / 2) * scale),
    y: Math.round(height / 2 - (box.y + box.h / 2) * scale),
  });
  if (selectId) editor.select([selectId]);
}

/** The box around two items, for focusing on a dependency. */
export function unionBox(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
) {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
