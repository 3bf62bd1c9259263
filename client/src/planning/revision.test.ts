import { addItem, deleteItem, initBoard, makeSticky, updateItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItemsStore } from '../editor/items';
import { createPlanningRevision } from './revision';

describe('createPlanningRevision', () => {
  it('moves for what planning derives from, never for a move or resize', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'B');
    addItem(doc, makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 'u', text: 'A' }));
    const items = createItemsStore(doc);
    // 'a' was there before: it is read at once, so even its first move does not count.
    const revision = createPlanningRevision(items);
    const changes: [string, () => void, boolean][] = [
      ['a first move', () => updateItem(doc, 'a', { x: 10 }), false],
      ['a move', () => updateItem(doc, 'a', { x: 50, y: 9 }), false],
      ['a resize and restack', () => updateItem(doc, 'a', { w: 300, z: 'b0' }), false],
      ['a team', () => updateItem(doc, 'a', { teamId: 't1' }), true],
      ['a rank', () => updateItem(doc, 'a', { rank: 'a1' }), true],
      ['the same rank again', () => updateItem(doc, 'a', { rank: 'a1' }), false],
      [
        'a new item',
        () => addItem(doc, makeSticky({ id: 'b', x: 0, y: 0, z: 'c0', createdBy: 'u' })),
        true,
      ],
      ['a move of the new item', () => updateItem(doc, 'b', { x: 5 }), false],
      ['a deletion', () => deleteItem(doc, 'b'), true],
    ];
    for (const [name, change, moves] of changes) {
      const before = revision.get();
      change();
      expect(revision.get() !== before, name).toBe(moves);
    }
    revision.dispose();
    items.dispose();
  });
});
