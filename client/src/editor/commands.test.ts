import { addItem, readItems, updateItem } from '@weboard/shared';
import type { ConnectorItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from './editor';
import { board, box, drag } from './test-board';

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
