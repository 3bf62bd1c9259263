import type { ConnectorItem, PenItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from '../editor';
import { at, board, box, drag } from '../test-board';

describe('connector, pen and hand tools', () => {
  it('connects two items by dragging from one to the other, then returns to select', () => {
    const { editor } = board(box('a', 0, 0, 'a1'), box('b', 300, 0, 'a2'));
    editor.setTool('connector');
    const states = drag(editor, [50, 50], [350, 50]);
    expect(states[0]).toBe('connector.pointing');
    expect(states).toContain('connector.dragging');
    const connector = editor.items.get().find((i): i is ConnectorItem => i.type === 'connector')!;
    expect(connector.from).toEqual({ itemId: 'a', x: 100, y: 50 });
    expect(connector.to).toEqual({ itemId: 'b', x: 300, y: 50 });
    expect(editor.tool.get()).toBe('select');
    expect(editor.selection.get()).toEqual([connector.id]);
  });

  it('a connector from an item to empty space has a free end; a click makes none', () => {
    const { editor } = board(box('a', 0, 0, 'a1'));
    editor.setTool('connector');
    editor.pointerDown(at(50, 50));
    editor.pointerUp(at(50, 50));
    expect(editor.items.get()).toHaveLength(1);
    drag(editor, [50, 50], [400, 300]);
    const connector = editor.items.get().find((i): i is ConnectorItem => i.type === 'connector')!;
    expect(connector.to).toEqual({ itemId: null, x: 400, y: 300 });
  });

  describe('re-attaching a selected connector by dragging one of its ends', () => {
    function connected() {
      const setup = board(box('a', 0, 0, 'a1'), box('b', 300, 0, 'a2'), box('c', 300, 300, 'a3'));
      setup.editor.setTool('connector');
      drag(setup.editor, [50, 50], [350, 50]);
      const connector = setup.editor.items
        .get()
        .find((i): i is ConnectorItem => i.type === 'connector')!;
      const connectorNow = () => setup.item(connector.id) as ConnectorItem;
      return { ...setup, connector, connectorNow };
    }

    it('drops the end on another item: attached there, the target lit while hovering', () => {
      const { editor, connectorNow } = connected();
      expect(connectorNow().to).toEqual({ itemId: 'b', x: 300, y: 50 });
      editor.pointerDown(at(301, 51)); // on the handle at the "to" end
      expect(editor.toolState.get()).toBe('select.pointing_end');
      editor.pointerMove(at(330, 200));
      expect(editor.toolState.get()).toBe('select.dragging_end');
      expect(editor.overlay.get().attachTarget).toBeNull();
      expect(connectorNow().to).toEqual({ itemId: null, x: 330, y: 200 });
      editor.pointerMove(at(350, 350));
      expect(editor.overlay.get().attachTarget).toBe('c');
      editor.pointerUp(at(350, 350));
      expect(editor.overlay.get().attachTarget).toBeNull();
      expect(editor.toolState.get()).toBe('select.idle');
      // Attached to c at the point of its outline that faces a.
      expect(connectorNow().to.itemId).toBe('c');
      expect(connectorNow().to.y).toBe(300);
      expect(connectorNow().from).toEqual({ itemId: 'a', x: 100, y: 50 });
      expect(editor.selection.get()).toEqual([connectorNow().id]);
    });

    it('drops the end on empty canvas: a free end at that point; one undo puts it back', () => {
      const { editor, connectorNow } = connected();
      const states = drag(editor, [100, 50], [600, 500]); // the "from" end, at a's edge
      expect(states[0]).toBe('select.pointing_end');
      expect(connectorNow().from).toEqual({ itemId: null, x: 600, y: 500 });
      expect(connectorNow().to.itemId).toBe('b');
      expect(connectorNow()).toMatchObject({ x: 300, y: 50, w: 300, h: 450 });
      editor.undo();
      expect(connectorNow().from).toEqual({ itemId: 'a', x: 100, y: 50 });
      editor.redo();
      expect(connectorNow().from).toEqual({ itemId: null, x: 600, y: 500 });
    });

    it('never attaches both ends to one item', () => {
      const { editor, connectorNow } = connected();
      drag(editor, [300, 50], [50, 60]); // the "to" end onto a, where "from" is
      expect(editor.overlay.get().attachTarget).toBeNull();
      expect(connectorNow().to).toEqual({ itemId: null, x: 50, y: 60 });
    });

    it('Escape puts the end back; a press away from the ends moves the whole connector', () => {
      const { editor, connectorNow, connector } = connected();
      editor.pointerDown(at(300, 50));
      editor.pointerMove(at(500, 500));
      editor.escape();
      expect(connectorNow().to).toEqual(connector.to);
      expect(editor.overlay.get().attachTarget).toBeNull();
      editor.pointerDown(at(200, 50)); // the middle of the line
      expect(editor.toolState.get()).toBe('select.pointing_item');
    });
  });

  it('draws a pen stroke relative to its own origin and stays on the pen', () => {
    const { editor } = board();
    editor.setTool('pen');
    const states = drag(editor, [100, 100], [140, 180]);
    expect(states[0]).toBe('pen.drawing');
    const pen = editor.items.get()[0] as PenItem;
    expect(pen).toMatchObject({ type: 'pen', x: 100, y: 100, w: 40, h: 80 });
    expect(pen.points.slice(0, 2)).toEqual([0, 0]);
    expect(editor.tool.get()).toBe('pen');
    editor.escape();
    expect(editor.tool.get()).toBe('select');
  });

  it('pans with the hand tool', () => {
    const { editor } = board();
    editor.setTool('hand');
    drag(editor, [0, 0], [40, -20]);
    expect(editor.viewport.get()).toMatchObject({ x: 40, y: -20 });
  });

  it('gives a viewer only select and hand', () => {
    const editor = createBoardEditor(new Y.Doc(), 'viewer', 'Vic');
    editor.setTool('pen');
    expect(editor.tool.get()).toBe('select');
    editor.setTool('hand');
    expect(editor.tool.get()).toBe('hand');
  });
});
