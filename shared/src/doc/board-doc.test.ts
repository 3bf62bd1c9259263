import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, makeSticky } from '../schema';
import {
  addItem,
  deleteItem,
  getItem,
  initBoard,
  isNewerSchema,
  itemText,
  itemsMap,
  metaMap,
  newItemId,
  readItems,
  readMeta,
  spliceText,
  topZ,
  updateItem,
} from './board-doc';

function sticky(id: string, z = 'a0') {
  return makeSticky({ id, x: 0, y: 0, z, createdBy: 'ada' }, 1);
}

/** The text of a text-bearing item, for assertions. */
function textOf(item: unknown): string | undefined {
  return (item as { text?: string } | null | undefined)?.text;
}

describe('board document helpers', () => {
  it('initialises meta once', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Q3 planning');
    initBoard(doc, 'Other title');
    expect(readMeta(doc)).toEqual({ schemaVersion: SCHEMA_VERSION, title: 'Q3 planning' });
    expect(isNewerSchema(doc)).toBe(false);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(isNewerSchema(doc)).toBe(true);
  });

  it('adds, reads, updates and deletes an item', () => {
    const doc = new Y.Doc();
    addItem(doc, { ...sticky('n1'), text: 'hello' });
    expect(getItem(doc, 'n1')).toMatchObject({ id: 'n1', text: 'hello', color: 'yellow' });
    expect(itemsMap(doc).get('n1')?.get('text')).toBeInstanceOf(Y.Text);

    expect(updateItem(doc, 'n1', { x: 50, color: 'blue', text: 'hello world' })).toBe(true);
    expect(getItem(doc, 'n1')).toMatchObject({ x: 50, color: 'blue', text: 'hello world' });
    expect(itemText(doc, 'n1')?.toString()).toBe('hello world');

    expect(updateItem(doc, 'missing', { x: 1 })).toBe(false);
    expect(deleteItem(doc, 'n1')).toBe(true);
    expect(deleteItem(doc, 'n1')).toBe(false);
    expect(readItems(doc)).toEqual([]);
  });

  it('refuses to add an invalid item', () => {
    const doc = new Y.Doc();
    expect(() => addItem(doc, { ...sticky('n1'), w: -5 })).toThrow();
    expect(readItems(doc)).toEqual([]);
  });

  it('skips a corrupt record instead of failing the whole board', () => {
    const doc = new Y.Doc();
    addItem(doc, sticky('good'));
    const bad = new Y.Map<unknown>();
    itemsMap(doc).set('bad', bad);
    bad.set('type', 'sticky');
    expect(readItems(doc).map((i) => i.id)).toEqual(['good']);
  });

  it('puts new items on top', () => {
    const doc = new Y.Doc();
    addItem(doc, sticky('a', 'a0'));
    addItem(doc, sticky('b', 'a5'));
    expect(topZ(doc) > 'a5').toBe(true);
  });

  it('makes unique ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newItemId));
    expect(ids.size).toBe(1000);
  });

  it.each([
    ['', 'abc'],
    ['abc', ''],
    ['hello world', 'hello brave world'],
    ['hello brave world', 'hello world'],
    ['aaaa', 'aaa'],
    ['same', 'same'],
    ['start', 'restart'],
  ])('splices %j into %j', (from, to) => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, from);
    spliceText(text, to);
    expect(text.toString()).toBe(to);
  });

  it('keeps a concurrent edit elsewhere in the text when splicing', () => {
    const a = new Y.Doc();
    addItem(a, { ...sticky('n1'), text: 'buy milk' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updateItem(a, 'n1', { text: 'buy oat milk' });
    updateItem(b, 'n1', { text: 'buy milk today' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(textOf(getItem(a, 'n1'))).toBe('buy oat milk today');
    expect(textOf(getItem(b, 'n1'))).toBe('buy oat milk today');
  });
});
