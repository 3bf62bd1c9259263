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
    // Idle time never comes here: items are only known from their changes.
    const revision = createPlanningRevision(items, () => () => {});
    const changes: [string, () => void, boolean][] = [
      // Not known before its first change: that one counts.
      ['a first move', () => updateItem(doc, 'a', { x: 10 }), true],
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

  it('reads every item in idle time, so that even a first move does not count', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'B');
    for (let i = 0; i < 1200; i++) {
      addItem(doc, makeSticky({ id: `s${i}`, x: 0, y: 0, z: `a${i}`, createdBy: 'u' }));
    }
    const items = createItemsStore(doc);
    const queued: (() => void)[] = [];
    const revision = createPlanningRevision(items, (work) => {
      queued.push(work);
      return () => queued.splice(queued.indexOf(work), 1);
    });
    let periods = 0;
    while (queued.length) {
      queued.shift()!();
      periods++;
    }
    // 1,200 items in chunks of 500.
    expect(periods).toBe(3);
    const before = revision.get();
    updateItem(doc, 's1100', { x: 10 });
    expect(revision.get()).toBe(before);
    updateItem(doc, 's1100', { text: 'now it counts' });
    expect(revision.get()).not.toBe(before);
    revision.dispose();
    items.dispose();
  });
});
