import type { BoardItem, ShapeItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from '../editor';
import { at, board, box, drag } from '../test-board';
import { drawnBox, MIN_DRAWN_SIZE } from '../tools';

describe('shape and frame tools', () => {
  const only = (editor: ReturnType<typeof board>['editor'], type: BoardItem['type']) =>
    editor.items.get().filter((i) => i.type === type);

  it('draws a rectangle the size of the dragged-out box, then selects it under the select tool', () => {
    const { editor } = board();
    editor.setTool('rect');
    editor.pointerDown(at(100, 100));
    expect(editor.toolState.get()).toBe('rect.pointing');
    editor.pointerMove(at(200, 180));
    expect(editor.toolState.get()).toBe('rect.drawing');
    expect(editor.overlay.get().boxDraft).toEqual({
      kind: 'rect',
      box: { x: 100, y: 100, w: 100, h: 80 },
    });
    expect(editor.items.get()).toHaveLength(0); // nothing on the board until the drop
    editor.pointerUp(at(300, 250));
    const [shape] = only(editor, 'shape') as ShapeItem[];
    expect(shape).toMatchObject({ kind: 'rect', x: 100, y: 100, w: 200, h: 150 });
    expect(editor.overlay.get().boxDraft).toBeNull();
    expect(editor.tool.get()).toBe('select');
    expect(editor.toolState.get()).toBe('select.idle');
    expect(editor.selection.get()).toEqual([shape!.id]);
  });

  it('a click without a drag drops the default size centred on the point', () => {
    const { editor } = board();
    editor.setTool('ellipse');
    editor.pointerDown(at(500, 400));
    editor.pointerMove(at(501, 401)); // jitter under the drag threshold
    editor.pointerUp(at(501, 401));
    expect(only(editor, 'shape')[0]).toMatchObject({
      kind: 'ellipse',
      x: 400,
      y: 340,
      w: 200,
      h: 120,
    });
  });

  it('draws towards any corner, and Shift makes it square', () => {
    const { editor } = board();
    editor.setTool('diamond');
    drag(editor, [300, 300], [100, 250]);
    expect(only(editor, 'shape')[0]).toMatchObject({ kind: 'diamond', x: 100, y: 250, w: 200 });
    expect(only(editor, 'shape')[0]!.h).toBe(50);
    expect(drawnBox({ x: 0, y: 0 }, { x: -40, y: 90 }, true)).toEqual({
      x: -90,
      y: 0,
      w: 90,
      h: 90,
    });
    expect(drawnBox({ x: 0, y: 0 }, { x: 5, y: 300 }, false).w).toBe(MIN_DRAWN_SIZE);
  });

  it('draws a frame under what is already there, so it frames rather than hides it', () => {
    const { editor } = board(box('a', 100, 100, 'a1'));
    editor.setTool('frame');
    const states = drag(editor, [0, 0], [600, 400]);
    expect(states[0]).toBe('frame.pointing');
    expect(states).toContain('frame.drawing');
    expect(only(editor, 'frame')[0]).toMatchObject({ x: 0, y: 0, w: 600, h: 400 });
    expect(editor.items.get().map((i) => i.type)).toEqual(['frame', 'shape']);
  });

  it('Escape abandons the box; one undo removes a drawn shape', () => {
    const { editor } = board();
    editor.setTool('rect');
    editor.pointerDown(at(0, 0));
    editor.pointerMove(at(100, 100));
    editor.escape();
    expect(editor.toolState.get()).toBe('rect.idle');
    expect(editor.overlay.get().boxDraft).toBeNull();
    editor.pointerUp(at(100, 100));
    expect(editor.items.get()).toHaveLength(0);
    editor.escape();
    expect(editor.tool.get()).toBe('select');

    editor.setTool('rect');
    drag(editor, [0, 0], [100, 100]);
    expect(editor.items.get()).toHaveLength(1);
    editor.undo();
    expect(editor.items.get()).toHaveLength(0);
  });

  it('is not available to a viewer', () => {
    const editor = createBoardEditor(new Y.Doc(), 'viewer', 'Vic');
    editor.setTool('frame');
    expect(editor.tool.get()).toBe('select');
  });
});
