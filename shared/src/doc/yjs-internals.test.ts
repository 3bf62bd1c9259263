import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isDeleted, keyInParent, markLocal, parentOf } from './yjs-internals';

/* Fails when a Yjs release changes the internals this project reads (see yjs-internals.ts). */
describe('the Yjs internals we read', () => {
  it('finds a nested map’s parent and key, and that it was deleted', () => {
    const doc = new Y.Doc();
    const items = doc.getMap<Y.Map<unknown>>('items');
    const note = new Y.Map<unknown>();
    items.set('n1', note);
    const list = doc.getArray<Y.Map<unknown>>('list');
    const inList = new Y.Map<unknown>();
    list.push([inList]);

    expect(parentOf(note)).toBe(items);
    expect(keyInParent(note)).toBe('n1');
    expect(parentOf(items as Y.AbstractType<unknown>)).toBeNull();
    expect(keyInParent(items as Y.AbstractType<unknown>)).toBeNull();
    expect(keyInParent(inList)).toBeNull();
    expect(isDeleted(note)).toBe(false);
    items.delete('n1');
    expect(isDeleted(note)).toBe(true);
  });

  it('marks a transaction that applies a remote update as local', () => {
    const source = new Y.Doc();
    source.getMap('m').set('k', 1);
    const doc = new Y.Doc();
    let seen: boolean | null = null;
    doc.on('afterTransaction', (transaction: Y.Transaction) => (seen = transaction.local));
    doc.transact((transaction) => {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
      expect(transaction.local).toBe(false);
      markLocal(transaction);
    });
    expect(seen).toBe(true);
  });
});
