import { addItem, makeFrame, makeShape, readItems, updateItem } from '@weboard/shared';
import type { BoardItem, ConnectorItem, PenItem, ShapeItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from './editor';
import { drawnBox, MIN_DRAWN_SIZE } from './tools';
import type { PointerInput } from './tools';

const at = (x: number, y: number, mods: Partial<PointerInput> = {}): PointerInput => ({
  point: { x, y },
  screen: { x, y },
  shift: false,
  alt: false,
  ...mods,
});

function board(...items: BoardItem[]) {
  const doc = new Y.Doc();
  for (const item of items) addItem(doc, item);
  const editor = createBoardEditor(doc, 'editor', 'Ada');
  editor.canvasSize.set({ width: 1000, height: 800 });
  return { doc, editor, item: (id: string) => editor.items.byId(id)! };
}

const box = (id: string, x: number, y: number, z: string, w = 100, h = 100) =>
  makeShape({ id, x, y, w, h, z, createdBy: 'seed' }, 1);

/** Drags with the pointer from one board point to another in a few steps. */
function drag(
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

describe('undo', () => {
  function peers() {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'remote'));
    b.on('update', (u: Uint8Array) => Y.applyUpdate(a, u, 'remote'));
    return [a, b] as const;
  }

  it("undoes a whole drag as one step and never someone else's edit", () => {
    const [a, b] = peers();
    addItem(a, box('x', 0, 0, 'a1'));
    const alice = createBoardEditor(a, 'editor', 'Alice');
    alice.canvasSize.set({ width: 1000, height: 800 });
    drag(alice, [50, 50], [250, 250], { alt: true });
    updateItem(b, 'x', { color: 'blue' }); // Bob recolours meanwhile
    expect(alice.items.byId('x')).toMatchObject({ x: 200, y: 200, color: 'blue' });
    alice.undo();
    expect(readItems(b)[0]).toMatchObject({ x: 0, y: 0, color: 'blue' });
    alice.redo();
    expect(readItems(b)[0]).toMatchObject({ x: 200, y: 200, color: 'blue' });
  });

  it('undoes a create and a delete', () => {
    const { editor } = board();
    const id = editor.create('rect', { x: 0, y: 0 })!;
    editor.deleteSelection();
    expect(editor.items.get()).toHaveLength(0);
    editor.undo();
    expect(editor.items.byId(id)).toBeDefined();
    editor.undo();
    expect(editor.items.get()).toHaveLength(0);
  });
});

describe('editing commands', () => {
  it('creates every kind at a point', () => {
    const { editor } = board();
    for (const kind of ['sticky', 'text', 'rect', 'ellipse', 'diamond', 'frame'] as const) {
      editor.create(kind, { x: 0, y: 0 });
    }
    const items = editor.items.get();
    expect(items.map((i) => (i.type === 'shape' ? i.kind : i.type)).sort()).toEqual(
      ['diamond', 'ellipse', 'frame', 'rect', 'sticky', 'text'].sort(),
    );
    expect(items[0]!.type).toBe('frame'); // frames go under everything
  });

  it('copies and pastes between two boards with fresh ids and wired connectors', () => {
    const source = board(box('a', 0, 0, 'a1'), box('b', 300, 0, 'a2'));
    source.editor.setTool('connector');
    drag(source.editor, [50, 50], [350, 50]);
    source.editor.selectAll();
    const text = source.editor.copySelection()!;
    const target = board(box('other', 0, 0, 'a1'));
    const ids = target.editor.paste(text)!;
    expect(ids).toHaveLength(3);
    const pasted = ids.map((id) => target.item(id));
    expect(pasted.map((i) => i.x)).toEqual([0, 300, 100]); // same place: not on the source board
    const connector = pasted.find((i): i is ConnectorItem => i.type === 'connector')!;
    expect([connector.from.itemId, connector.to.itemId]).toEqual([ids[0], ids[1]]);
    expect(target.editor.selection.get()).toEqual(ids);
    expect(target.editor.paste('not ours')).toBeNull();
  });

  it('cascades items made mid-screen instead of stacking them exactly', () => {
    const { editor, item } = board();
    const first = editor.createAtViewportCenter('rect')!;
    const second = editor.createAtViewportCenter('rect')!;
    expect(item(second).x - item(first).x).toBe(24);
    expect(item(second).y - item(first).y).toBe(24);
  });

  it('duplicates beside the original', () => {
    const { editor } = board(box('a', 0, 0, 'a1'));
    editor.select(['a']);
    const [copy] = editor.duplicateSelection()!;
    expect(editor.items.byId(copy!)).toMatchObject({ x: 24, y: 24 });
  });

  it('nudges the selection and restacks it', () => {
    const { editor, item } = board(box('a', 0, 0, 'a1'), box('b', 0, 0, 'a2'));
    editor.select(['a']);
    editor.nudgeSelection(10, -1);
    expect(item('a')).toMatchObject({ x: 10, y: -1 });
    editor.reorderSelection('forward');
    expect(editor.items.order.get()).toEqual(['b', 'a']);
    editor.reorderSelection('backward');
    expect(editor.items.order.get()).toEqual(['a', 'b']);
  });

  it('zooms to fit the board content', () => {
    const { editor } = board(box('a', 0, 0, 'a1'), box('b', 1900, 900, 'a2'));
    editor.zoomToFit();
    const box2 = editor.visibleBox();
    expect(box2.x).toBeLessThanOrEqual(0);
    expect(box2.x + box2.w).toBeGreaterThanOrEqual(2000);
  });

  it('stops following when we move the camera ourselves', () => {
    const { editor } = board();
    editor.follow(7);
    editor.showFollowed({ x: 0, y: 0, w: 500, h: 400 });
    expect(editor.following.get()).toBe(7);
    editor.panBy(10, 0);
    expect(editor.following.get()).toBeNull();
  });
});
