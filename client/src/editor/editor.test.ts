import { deleteItem, itemsMap, updateItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
});
