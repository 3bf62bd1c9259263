import { makeFrame } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { at, board, box, drag } from '../test-board';

describe('select tool', () => {
  it('selects on click, goes pointing → dragging → idle on a drag, and moves the item', () => {
    const { editor, item } = board(box('a', 0, 0, 'a1'), box('b', 500, 500, 'a2'));
    const states = drag(editor, [50, 50], [250, 150], { alt: true });
    expect(states[0]).toBe('select.pointing_item');
    expect(states.slice(1, 5)).toContain('select.dragging');
    expect(states.at(-1)).toBe('select.idle');
    expect(item('a')).toMatchObject({ x: 200, y: 100 });
    expect(editor.selection.get()).toEqual(['a']);
  });

  it('shift-click adds and removes; a click on the canvas clears', () => {
    const { editor } = board(box('a', 0, 0, 'a1'), box('b', 200, 0, 'a2'));
    const click = (x: number, y: number, shift = false) => {
      editor.pointerDown(at(x, y, { shift }));
      editor.pointerUp(at(x, y, { shift }));
    };
    click(50, 50);
    click(250, 50, true);
    expect(editor.selection.get()).toEqual(['a', 'b']);
    click(50, 50, true);
    expect(editor.selection.get()).toEqual(['b']);
    click(600, 600);
    expect(editor.selection.get()).toEqual([]);
  });

  it('marquee-selects what it touches and draws the marquee while brushing', () => {
    const { editor } = board(box('a', 0, 0, 'a1'), box('b', 200, 0, 'a2'), box('c', 0, 400, 'a3'));
    editor.pointerDown(at(-20, -20));
    editor.pointerMove(at(120, 30));
    expect(editor.toolState.get()).toBe('select.brushing');
    editor.pointerMove(at(250, 50));
    expect(editor.overlay.get().marquee).toEqual({ x: -20, y: -20, w: 270, h: 70 });
    editor.pointerUp(at(250, 50));
    expect(editor.selection.get()).toEqual(['a', 'b']);
    expect(editor.overlay.get().marquee).toBeNull();
  });

  it('moves many selected items together', () => {
    const { editor, item } = board(box('a', 0, 0, 'a1'), box('b', 200, 0, 'a2'));
    editor.select(['a', 'b']);
    drag(editor, [50, 50], [90, 130], { alt: true });
    expect(item('a')).toMatchObject({ x: 40, y: 80 });
    expect(item('b')).toMatchObject({ x: 240, y: 80 });
  });

  it('snaps an edge to a nearby item and shows a guide', () => {
    const { editor, item } = board(box('a', 0, 0, 'a1'), box('b', 300, 300, 'a2'));
    editor.pointerDown(at(50, 50));
    editor.pointerMove(at(200, 200));
    editor.pointerMove(at(347, 200)); // a's left edge would be at 297: 3 from b's left edge
    expect(item('a').x).toBe(300);
    expect(editor.overlay.get().guides).toContainEqual(
      expect.objectContaining({ axis: 'x', at: 300 }),
    );
    editor.pointerUp(at(347, 200));
    expect(editor.overlay.get().guides).toEqual([]);
  });

  it('carries the contents of a frame it moves', () => {
    const frame = makeFrame({ id: 'f', x: 0, y: 0, w: 400, h: 400, z: 'a0', createdBy: 's' }, 1);
    const { editor, item } = board(
      frame,
      box('inside', 50, 50, 'a1'),
      box('outside', 600, 0, 'a2'),
    );
    drag(editor, [10, -10], [110, 90], { alt: true }); // by the title strip
    expect(item('f')).toMatchObject({ x: 100, y: 100 });
    expect(item('inside')).toMatchObject({ x: 150, y: 150 });
    expect(item('outside')).toMatchObject({ x: 600, y: 0 });
  });

  it('does not let an editor drag a locked item', () => {
    const { editor, item } = board({ ...box('a', 0, 0, 'a1'), locked: true });
    drag(editor, [50, 50], [250, 150]);
    expect(item('a')).toMatchObject({ x: 0, y: 0 });
  });

  it('Escape during a drag puts everything back', () => {
    const { editor, item } = board(box('a', 0, 0, 'a1'));
    editor.pointerDown(at(50, 50));
    editor.pointerMove(at(150, 150, { alt: true }));
    editor.escape();
    expect(editor.toolState.get()).toBe('select.idle');
    expect(item('a')).toMatchObject({ x: 0, y: 0 });
  });

  it('double-click on empty canvas makes a sticky and opens it for typing', () => {
    const { editor } = board();
    editor.doubleClick(at(300, 300));
    const [sticky] = editor.items.get();
    expect(sticky).toMatchObject({ type: 'sticky', x: 200, y: 200 });
    expect(editor.editingId.get()).toBe(sticky!.id);
  });
});
