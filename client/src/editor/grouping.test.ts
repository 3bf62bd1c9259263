import { addItem, makeShape } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from './editor';
import type { PointerInput } from './tools';

const at = (x: number, y: number, mods: Partial<PointerInput> = {}): PointerInput => ({
  point: { x, y },
  screen: { x, y },
  shift: false,
  alt: false,
  ...mods,
});

const box = (id: string, x: number, y: number, z: string) =>
  makeShape({ id, x, y, w: 100, h: 100, z, createdBy: 'seed' }, 1);

function board(role: 'editor' | 'viewer' = 'editor', ...items: BoardItem[]) {
  const doc = new Y.Doc();
  for (const item of items) addItem(doc, item);
  const editor = createBoardEditor(doc, role, 'Ada');
  editor.canvasSize.set({ width: 1000, height: 800 });
  return { doc, editor, item: (id: string) => editor.items.byId(id)! };
}

const three = () => [box('a', 0, 0, 'a1'), box('b', 200, 0, 'a2'), box('c', 400, 0, 'a3')];

function click(editor: ReturnType<typeof board>['editor'], x: number, y: number) {
  editor.pointerDown(at(x, y));
  editor.pointerUp(at(x, y));
}

describe('grouping in the editor', () => {
  it('groups the selection, a click selects the whole group, a drag moves it, undo ungroups', () => {
    const { editor, item } = board('editor', ...three());
    editor.select(['a', 'b']);
    expect(editor.groupSelection()).toBe(true);
    const group = item('a').groupIds![0]!;
    expect(item('b').groupIds).toEqual([group]);
    expect(item('c').groupIds).toBeUndefined();

    click(editor, 450, 50);
    expect(editor.selection.get()).toEqual(['c']);
    click(editor, 50, 50);
    expect(editor.selection.get()).toEqual(['a', 'b']);

    editor.pointerDown(at(250, 50, { alt: true }));
    editor.pointerMove(at(260, 80, { alt: true }));
    editor.pointerMove(at(270, 110, { alt: true }));
    editor.pointerUp(at(270, 110, { alt: true }));
    expect([item('a').x, item('a').y, item('b').x, item('b').y]).toEqual([20, 60, 220, 60]);
    expect(item('c')).toMatchObject({ x: 400, y: 0 });

    editor.undo(); // the move
    editor.undo(); // the grouping
    expect(item('a')).toMatchObject({ x: 0, y: 0 });
    expect(item('a').groupIds).toBeUndefined();
  });

  it('a double-click enters the group so one member is selected; Escape leaves it', () => {
    const { editor } = board('editor', ...three());
    editor.select(['a', 'b']);
    editor.groupSelection();
    editor.doubleClick(at(250, 50));
    expect(editor.selection.get()).toEqual(['b']);
    expect(editor.enteredGroup.get()).not.toBeNull();
    click(editor, 50, 50);
    expect(editor.selection.get()).toEqual(['a']);
    editor.escape();
    expect(editor.enteredGroup.get()).toBeNull();
    expect(editor.selection.get()).toEqual(['a', 'b']);
    // A click outside the group leaves it too.
    editor.doubleClick(at(50, 50));
    click(editor, 450, 50);
    expect(editor.enteredGroup.get()).toBeNull();
  });

  it('a marquee takes a group only when it catches all of it', () => {
    const { editor } = board('editor', ...three());
    editor.select(['a', 'b']);
    editor.groupSelection();
    editor.select([]);
    editor.pointerDown(at(-10, -10));
    editor.pointerMove(at(150, 150));
    editor.pointerUp(at(150, 150));
    expect(editor.selection.get()).toEqual([]);
    editor.pointerDown(at(-10, -10));
    editor.pointerMove(at(350, 150));
    editor.pointerUp(at(350, 150));
    expect(editor.selection.get()).toEqual(['a', 'b']);
  });

  it('ungroups in one undo step; nests groups', () => {
    const { editor, item } = board('editor', ...three());
    editor.select(['a', 'b']);
    editor.groupSelection();
    editor.select(['a', 'b', 'c']);
    editor.groupSelection();
    expect(item('a').groupIds).toHaveLength(2);
    click(editor, 50, 50);
    expect(editor.selection.get()).toEqual(['a', 'b', 'c']);
    expect(editor.ungroupSelection()).toBe(true);
    expect(item('a').groupIds).toHaveLength(1);
    expect(item('c').groupIds).toEqual([]);
    editor.undo();
    expect(item('c').groupIds).toHaveLength(1);
  });

  it('a viewer may enter groups but not group or ungroup', () => {
    const items = three().map((i, n) => (n < 2 ? { ...i, groupIds: ['g'] } : i));
    const { editor, item } = board('viewer', ...items);
    click(editor, 50, 50);
    expect(editor.selection.get()).toEqual(['a', 'b']);
    expect(editor.ungroupSelection()).toBe(false);
    expect(item('a').groupIds).toEqual(['g']);
    editor.select(['b', 'c']);
    expect(editor.groupSelection()).toBe(false);
    expect(item('c').groupIds).toBeUndefined();
    editor.doubleClick(at(50, 50));
    expect(editor.selection.get()).toEqual(['a']);
  });

  it('a locked member keeps an editor from regrouping', () => {
    const items = three().map((i) => (i.id === 'a' ? { ...i, locked: true } : i));
    const { editor, item } = board('editor', ...items);
    editor.select(['a', 'b']);
    expect(editor.groupSelection()).toBe(false);
    expect(item('b').groupIds).toBeUndefined();
  });
});
