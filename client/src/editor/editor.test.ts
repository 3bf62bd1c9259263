import {
  deleteItem,
  getItem,
  itemsMap,
  metaMap,
  SCHEMA_VERSION,
  updateItem,
} from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_V1_BASE64 } from '../../../shared/src/doc/migrations/fixtures/board-v1';
import { createBoardEditor } from './editor';

function peers() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
  b.on('update', (update: Uint8Array) => Y.applyUpdate(a, update));
  return [a, b] as const;
}

describe('board editor', () => {
  it('creates a sticky centred on a point, on top, and selects it', () => {
    const editor = createBoardEditor(new Y.Doc(), 'editor', 'Ada');
    const first = editor.createStickyAt({ x: 100, y: 100 })!;
    const second = editor.createStickyAt({ x: 120, y: 120 })!;
    const items = editor.items.get();
    expect(items.map((i) => i.id)).toEqual([first, second]);
    expect(items[0]).toMatchObject({ x: 0, y: 0, createdBy: 'Ada', type: 'sticky' });
    expect(editor.selection.get()).toEqual([second]);
  });

  it('steps a note forward past the next note it overlaps, not past one far away', () => {
    const editor = createBoardEditor(new Y.Doc(), 'editor', 'Ada');
    const bottom = editor.createStickyAt({ x: 100, y: 100 })!;
    const far = editor.createStickyAt({ x: 2000, y: 2000 })!;
    const over = editor.createStickyAt({ x: 150, y: 150 })!;
    editor.selection.set([bottom]);
    editor.reorderSelection('forward');
    expect(editor.items.get().map((i) => i.id)).toEqual([far, over, bottom]);
    // Nothing above it overlaps any more: a second press changes nothing.
    editor.reorderSelection('forward');
    expect(editor.items.get().map((i) => i.id)).toEqual([far, over, bottom]);
    editor.reorderSelection('backward');
    expect(editor.items.get().map((i) => i.id)).toEqual([far, bottom, over]);
  });

  it('refuses every write for a viewer', () => {
    const doc = new Y.Doc();
    const editor = createBoardEditor(doc, 'viewer', 'Vic');
    expect(editor.createStickyAt({ x: 0, y: 0 })).toBeNull();
    expect(itemsMap(doc).size).toBe(0);
  });

  it('deletes the selection and clears it', () => {
    const editor = createBoardEditor(new Y.Doc(), 'facilitator', 'Fay');
    editor.createStickyAt({ x: 0, y: 0 });
    editor.deleteSelection();
    expect(editor.items.get()).toEqual([]);
    expect(editor.selection.get()).toEqual([]);
  });

  it('follows remote changes and drops notes deleted by someone else from selection', () => {
    const [a, b] = peers();
    const alice = createBoardEditor(a, 'editor', 'Alice');
    const bob = createBoardEditor(b, 'editor', 'Bob');
    const id = alice.createStickyAt({ x: 0, y: 0 })!;
    alice.startEditing(id);
    updateItem(b, id, { text: 'from Bob', color: 'blue' });
    expect(alice.items.get()[0]).toMatchObject({ text: 'from Bob', color: 'blue' });
    expect(bob.items.get()).toHaveLength(1);
    deleteItem(b, id);
    expect(alice.items.get()).toEqual([]);
    expect(alice.selection.get()).toEqual([]);
    expect(alice.editingId.get()).toBeNull();
  });

  it('changes nothing on a read-only board, whatever is asked of it', () => {
    const doc = new Y.Doc();
    const editor = createBoardEditor(doc, 'facilitator', 'Fay');
    const id = editor.createStickyAt({ x: 0, y: 0 })!;
    editor.createStickyAt({ x: 400, y: 0 });
    const before = JSON.stringify(itemsMap(doc).toJSON());
    const clipboard = editor.copySelection()!;
    editor.setReadOnly('preview', true);
    expect(editor.canEdit).toBe(false);
    editor.selectAll();
    editor.nudgeSelection(10, 10);
    editor.reorderSelection('back');
    editor.setColor([id], 'blue');
    editor.updateItem(id, { text: 'typed' });
    expect(editor.paste(clipboard)).toEqual([]);
    expect(editor.duplicateSelection()).toEqual([]);
    editor.deleteSelection();
    editor.undo();
    editor.undo();
    expect(editor.createStickyAt({ x: 0, y: 0 })).toBeNull();
    expect(editor.change(() => itemsMap(doc).delete(id))).toBe(false);
    editor.startEditing(id);
    expect(editor.editingId.get()).toBeNull();
    expect(JSON.stringify(itemsMap(doc).toJSON())).toBe(before);

    editor.setReadOnly('preview', false);
    editor.deleteSelection();
    expect(itemsMap(doc).size).toBe(0);
  });

  it('ends a text edit when the board turns read-only', () => {
    const editor = createBoardEditor(new Y.Doc(), 'editor', 'Ed');
    const id = editor.createStickyAt({ x: 0, y: 0 })!;
    editor.startEditing(id);
    expect(editor.editingId.get()).toBe(id);
    editor.setReadOnly('preview', true);
    expect(editor.editingId.get()).toBeNull();
  });

  it('leaves a locked item to facilitators: an editor cannot retype, move, restack or delete it', () => {
    const [a, b] = peers();
    const fay = createBoardEditor(a, 'facilitator', 'Fay');
    const ed = createBoardEditor(b, 'editor', 'Ed');
    const locked = fay.createStickyAt({ x: 0, y: 0 })!;
    const free = fay.createStickyAt({ x: 400, y: 0 })!;
    fay.updateItem(locked, { locked: true });
    const before = JSON.stringify(itemsMap(b).get(locked)!.toJSON());

    ed.startEditing(locked);
    expect(ed.editingId.get()).toBeNull();
    ed.updateItem(locked, { text: 'mine now' });
    ed.moveItem(locked, 50, 50);
    ed.select([locked, free]);
    ed.nudgeSelection(10, 0);
    ed.reorderSelection('front');
    ed.setColor([locked], 'blue');
    expect(ed.change(() => itemsMap(b).delete(locked), [locked])).toBe(false);
    ed.deleteSelection();
    expect(JSON.stringify(itemsMap(b).get(locked)!.toJSON())).toBe(before);
    // The unlocked one went; the locked one stays selected.
    expect(itemsMap(b).has(free)).toBe(false);
    expect(ed.selection.get()).toEqual([locked]);

    // A copy an editor pastes is their own, unlocked item.
    const [copy] = ed.duplicateSelection()!;
    expect(ed.lookup(copy!)).not.toHaveProperty('locked');
    // A facilitator keeps every power over it, and an editor typing in it is stopped.
    fay.updateItem(copy!, { locked: true });
    fay.updateItem(locked, { text: 'by Fay' });
    expect(ed.lookup(locked)).toMatchObject({ text: 'by Fay' });
  });

  it('closes the text editor of an item a facilitator locks meanwhile', () => {
    const [a, b] = peers();
    const fay = createBoardEditor(a, 'facilitator', 'Fay');
    const ed = createBoardEditor(b, 'editor', 'Ed');
    const id = ed.createStickyAt({ x: 0, y: 0 })!;
    ed.startEditing(id);
    fay.updateItem(id, { locked: true });
    expect(ed.editingId.get()).toBeNull();
  });

  it('opens a board written by a newer WeBoard read-only', () => {
    const doc = new Y.Doc();
    const editor = createBoardEditor(doc, 'facilitator', 'Fay');
    expect(editor.canEdit).toBe(true);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(editor.readOnly.get()).toEqual(['newer-schema']);
    expect(editor.createStickyAt({ x: 0, y: 0 })).toBeNull();
    expect(itemsMap(doc).size).toBe(0);
  });

  it('migrates a board written by an older WeBoard when it syncs in, outside undo; a viewer only looks', () => {
    const v1 = Uint8Array.from(atob(BOARD_V1_BASE64), (c) => c.charCodeAt(0));
    const editorDoc = new Y.Doc();
    const editor = createBoardEditor(editorDoc, 'editor', 'Ed');
    const viewerDoc = new Y.Doc();
    createBoardEditor(viewerDoc, 'viewer', 'Vi');
    Y.applyUpdate(editorDoc, v1);
    Y.applyUpdate(viewerDoc, v1);
    expect(metaMap(editorDoc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(getItem(editorDoc, 'bare')).toMatchObject({ rotation: 0, createdAt: 0 });
    expect(editor.canUndo.get()).toEqual({ undo: false, redo: false });
    expect(metaMap(viewerDoc).get('schemaVersion')).toBe(1);
    expect(getItem(viewerDoc, 'bare')).toBeNull();
  });
});
