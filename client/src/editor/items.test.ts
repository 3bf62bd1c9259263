import { addItem, deleteItem, initBoard, makeSticky, updateItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItemsStore } from './items';

describe('createItemsStore', () => {
  it("keeps an item's look through moves and replaces it for any other change", () => {
    const doc = new Y.Doc();
    initBoard(doc, 'B');
    addItem(
      doc,
      makeSticky({
        id: 'a',
        x: 0,
        y: 0,
        z: 'a0',
        createdBy: 'u',
        text: 'A',
        wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 },
      }),
    );
    const items = createItemsStore(doc);
    const notified: string[] = [];
    const stop = items.subscribeItem('a', () => notified.push('a'));
    // A move: the record is new and current, the look is the one before (nested fields compared by
    // content, as every read makes them anew).
    const look = items.lookOf('a')!;
    updateItem(doc, 'a', { x: 40, y: 7 });
    expect(items.byId('a')).toMatchObject({ x: 40, y: 7 });
    expect(items.lookOf('a')).toBe(look);
    expect(notified).toEqual(['a']);
    const changes: [string, () => void][] = [
      ['a colour', () => updateItem(doc, 'a', { color: 'blue' })],
      ['a size', () => updateItem(doc, 'a', { w: 300 })],
      ['a text', () => updateItem(doc, 'a', { text: 'B' })],
      [
        'a nested field',
        () =>
          updateItem(doc, 'a', {
            wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 8 },
          }),
      ],
      ['a team (a field added)', () => updateItem(doc, 'a', { teamId: 't1' })],
    ];
    for (const [name, change] of changes) {
      const before = items.lookOf('a');
      change();
      expect(items.lookOf('a'), name).not.toBe(before);
      expect(items.lookOf('a'), name).toBe(items.byId('a'));
    }
    deleteItem(doc, 'a');
    expect(items.lookOf('a')).toBeUndefined();
    stop();
    items.dispose();
  });
});
