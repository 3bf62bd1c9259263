import { addItem, makePen, makeShape, makeSticky, makeText } from '@weboard/shared';
import type { BoardItem, Role } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from './editor';
import { nearestPreset, STROKE_WIDTHS, TEXT_SIZES } from './style';

const seed = { createdBy: 'seed', x: 0, y: 0 };

function board(role: Role, ...items: BoardItem[]) {
  const doc = new Y.Doc();
  for (const item of items) addItem(doc, item);
  const editor = createBoardEditor(doc, role, 'Ada');
  return { editor, item: (id: string) => editor.items.byId(id)! };
}

const mixed = () => [
  makeShape({ ...seed, id: 'shape', z: 'a1' }),
  makeText({ ...seed, id: 'text', z: 'a2', text: 'Title' }),
  makePen({ ...seed, id: 'pen', z: 'a3', points: [0, 0, 10, 10] }),
  makeSticky({ ...seed, id: 'note', z: 'a4' }),
];

describe('style of many items', () => {
  it('sets text size and stroke width on every item that has them, one undo step each', () => {
    const { editor, item } = board('editor', ...mixed());
    const all = ['shape', 'text', 'pen', 'note'];
    editor.setStyle(all, { fontSize: 56 }, (_text, fontSize) => fontSize * 1.25);
    editor.setStyle(all, { strokeWidth: 8 });
    expect(item('shape')).toMatchObject({ fontSize: 56, strokeWidth: 8 });
    expect(item('text')).toMatchObject({ fontSize: 56, h: 70 }); // grown to fit its lettering
    expect(item('pen')).toMatchObject({ strokeWidth: 8 });
    expect(item('note')).toEqual(
      makeSticky({ ...seed, id: 'note', z: 'a4' }, item('note').createdAt),
    );

    editor.undo();
    expect(item('shape')).toMatchObject({ fontSize: 56, strokeWidth: 2 });
    expect(item('pen')).toMatchObject({ strokeWidth: 3 });
    editor.undo();
    expect(item('shape')).toMatchObject({ fontSize: 20 });
    expect(item('text')).toMatchObject({ fontSize: 24, h: 40 });
  });

  it('leaves locked items alone for an editor; a facilitator restyles them', () => {
    const locked = { ...makeShape({ ...seed, id: 'shape', z: 'a1' }), locked: true };
    const asEditor = board('editor', locked);
    expect(asEditor.editor.canStyle(asEditor.item('shape'))).toBe(false);
    asEditor.editor.setStyle(['shape'], { strokeWidth: 8 });
    asEditor.editor.setColor(['shape'], 'green');
    expect(asEditor.item('shape')).toMatchObject({ strokeWidth: 2, color: 'white' });

    const asFacilitator = board('facilitator', locked);
    asFacilitator.editor.setStyle(['shape'], { strokeWidth: 8 });
    asFacilitator.editor.setColor(['shape'], 'green');
    expect(asFacilitator.item('shape')).toMatchObject({ strokeWidth: 8, color: 'green' });
  });

  it('shows the preset every value is nearest to, or none for a mix', () => {
    const size = (values: number[]) => nearestPreset(TEXT_SIZES, (p) => p.fontSize, values);
    expect(size([24])).toBe('M');
    expect(size([20, 24])).toBe('M'); // a shape's default looks like M
    expect(size([16, 56])).toBeNull();
    expect(size([])).toBeNull();
    expect(nearestPreset(STROKE_WIDTHS, (p) => p.strokeWidth, [3])).toBe('medium');
    expect(nearestPreset(STROKE_WIDTHS, (p) => p.strokeWidth, [9])).toBe('thick');
  });
});
