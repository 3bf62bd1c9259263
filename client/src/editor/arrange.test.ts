import { addItem, makeFrame, makeShape } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from './editor';

const box = (id: string, x: number, y: number, extra: Partial<BoardItem> = {}) =>
  ({
    ...makeShape({ id, x, y, w: 100, h: 100, z: `a${id}`, createdBy: 'seed' }, 1),
    ...extra,
  }) as BoardItem;

function board(role: 'editor' | 'viewer', ...items: BoardItem[]) {
  const doc = new Y.Doc();
  for (const item of items) addItem(doc, item);
  const editor = createBoardEditor(doc, role, 'Ada');
  editor.canvasSize.set({ width: 1000, height: 800 });
  const pos = (id: string) => [editor.items.byId(id)!.x, editor.items.byId(id)!.y];
  return { editor, pos };
}

describe('align and distribute in the editor', () => {
  it('aligns tops as one undo step, a group moving as one unit', () => {
    const { editor, pos } = board(
      'editor',
      box('a', 0, 50),
      box('b', 200, 0, { groupIds: ['g'] }),
      box('c', 300, 100, { groupIds: ['g'] }),
    );
    editor.select(['a', 'b', 'c']);
    expect(editor.arrangeUnits()).toBe(2);
    expect(editor.alignSelection('top')).toBe(true);
    // The group's top is already the selection's top: it stays, shape and all.
    expect([pos('a'), pos('b'), pos('c')]).toEqual([
      [0, 0],
      [200, 0],
      [300, 100],
    ]);
    editor.alignSelection('right');
    expect(pos('a')).toEqual([300, 0]);
    editor.undo();
    expect(pos('a')).toEqual([0, 0]);
    editor.undo();
    expect(pos('a')).toEqual([0, 50]);
  });

  it('distributes; a frame carries what is inside it; a locked item stays', () => {
    const frame = makeFrame({ id: 'f', x: 100, y: 0, w: 300, h: 300, z: 'a0', createdBy: 'x' }, 1);
    const { editor, pos } = board(
      'editor',
      frame,
      box('in', 150, 50),
      box('m', 350, 0),
      box('r', 1000, 0),
      box('locked', 500, 500, { locked: true } as Partial<BoardItem>),
    );
    editor.select(['m', 'f', 'r', 'locked']);
    expect(editor.arrangeUnits()).toBe(3);
    // Frame 100..400, m 350..450, r 1000..1100: gap (1000 - 500) / 2 = 250, m goes to 650.
    editor.distributeSelection('horizontal');
    expect(pos('m')).toEqual([650, 0]);
    // A frame's bounds include its title above it.
    editor.alignSelection('top');
    expect(pos('locked')).toEqual([500, 500]);
    editor.select(['r', 'f']);
    editor.alignSelection('right');
    expect([pos('f'), pos('in'), pos('r')]).toEqual([
      [800, 0],
      [850, 50],
      [1000, -28],
    ]);
  });

  it('a viewer aligns nothing', () => {
    const { editor, pos } = board('viewer', box('a', 0, 0), box('b', 50, 300));
    editor.select(['a', 'b']);
    expect(editor.alignSelection('left')).toBe(false);
    expect(pos('b')).toEqual([50, 300]);
  });
});
