import type { BoardEditor } from '../editor/editor';
import { clampScale } from '../editor/viewport';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where an item is now. The planning view is not re-derived when items only move, so an item
 * taken from it may carry an old position; the items store always has the current one.
 */
export function current<T extends Box & { id: string }>(editor: BoardEditor, item: T): Box {
  return editor.items.byId(item.id) ?? item;
}

/**
 * Pans and zooms so that the box is centred and comfortably visible, and selects `selectId`. An
 * item is focused where it is now (see `current`).
 */
export function focusBox(
  editor: BoardEditor,
  target: Box & { id?: string },
  selectId?: string,
): void {
  const box = target.id === undefined ? target : current(editor, { ...target, id: target.id });
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
