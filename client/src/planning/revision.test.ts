import { addItem, deleteItem, initBoard, makeSticky, updateItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItemsStore } from '../editor/items';
import { createPlanningRevision } from './revision';

/** Idle periods driven by hand: `run()` plays every queued piece of idle work. */
function manualIdle() {
  const queued: (() => void)[] = [];
  return {
    whenIdle: (work: () => void) => {
      queued.push(work);
      return () => void queued.splice(queued.indexOf(work), 1);
    },
    run() {
      let periods = 0;
      while (queued.length) {
        queued.shift()!();
        periods++;
      }
      return periods;
    },
  };
}

describe('createPlanningRevision', () => {
  it('moves for what planning derives from, never for a move or resize', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'B');
    addItem(doc, makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 'u', text: 'A' }));
    const items = createItemsStore(doc);
    const idle = manualIdle();
    const revision = createPlanningRevision(items, idle.whenIdle);
    idle.run();
    const changes: [string, () => void, boolean][] = [
      ['a move', () => updateItem(doc, 'a', { x: 10 }), false],
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
      // Not read yet (no idle time since it came): any change to it counts, a deletion too.
      ['a move of the unread item', () => updateItem(doc, 'b', { x: 5 }), true],
      ['its deletion', () => deleteItem(doc, 'b'), true],
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
    const idle = manualIdle();
    const revision = createPlanningRevision(items, idle.whenIdle);
    // 1,200 items in chunks of 500.
    expect(idle.run()).toBe(3);
    const before = revision.get();
    updateItem(doc, 's1100', { x: 10 });
    expect(revision.get()).toBe(before);
    updateItem(doc, 's1100', { text: 'now it counts' });
    expect(revision.get()).not.toBe(before);
    revision.dispose();
    items.dispose();
  });
});
