import { addItem, makeShape } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import * as Y from 'yjs';
import { createBoardEditor } from './editor';
import type { PointerInput } from './tools';

/*
 * A board and its editor for the editor's unit tests (no DOM): pointer input at board points and
 * drags in steps, the way the canvas feeds them. Imported by tests only.
 */

/** Pointer input at board point (x, y), the screen point taken equal. */
export const at = (x: number, y: number, mods: Partial<PointerInput> = {}): PointerInput => ({
  point: { x, y },
  screen: { x, y },
  shift: false,
  alt: false,
  ...mods,
});

/** A board holding `items`, with an editor of 1000 × 800 px as Ada (an editor). */
export function board(...items: BoardItem[]) {
  const doc = new Y.Doc();
  for (const item of items) addItem(doc, item);
  const editor = createBoardEditor(doc, 'editor', 'Ada');
  editor.canvasSize.set({ width: 1000, height: 800 });
  return { doc, editor, item: (id: string) => editor.items.byId(id)! };
}

/** A rectangle at (x, y). */
export const box = (id: string, x: number, y: number, z: string, w = 100, h = 100) =>
  makeShape({ id, x, y, w, h, z, createdBy: 'seed' }, 1);

/** Drags with the pointer from one board point to another in a few steps. */
export function drag(
  editor: ReturnType<typeof board>['editor'],
  from: [number, number],
  to: [number, number],
  mods: Partial<PointerInput> = {},
) {
  const states: string[] = [];
  editor.pointerDown(at(...from, mods));
  states.push(editor.toolState.get());
  for (let step = 1; step <= 4; step++) {
    editor.pointerMove(
      at(from[0] + ((to[0] - from[0]) * step) / 4, from[1] + ((to[1] - from[1]) * step) / 4, mods),
    );
    states.push(editor.toolState.get());
  }
  editor.pointerUp(at(...to, mods));
  states.push(editor.toolState.get());
  return states;
}
