import { addItem, deleteItem, initBoard, makeSticky, updateItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItemsStore } from '../editor/items';
import { createPlanningRevision, samePlanning } from './revision';

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

describe('samePlanning', () => {
  const a = makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 'u', text: 'A' });
  it('ignores where an item sits and sees every other field, nested scores included', () => {
    expect(samePlanning(a, { ...a, x: 5, y: 6, w: 300, h: 90, rotation: 3, z: 'b0' })).toBe(true);
    expect(samePlanning(a, { ...a, text: 'B' })).toBe(false);
    expect(samePlanning(a, { ...a, teamId: 't1' })).toBe(false);
    const scored = {
      ...a,
      wsjf: { businessValue: 1, timeCriticality: 2, riskReduction: 3, jobSize: 5 },
    };
    expect(samePlanning(scored, { ...scored, wsjf: { ...scored.wsjf } })).toBe(true);
    expect(samePlanning(scored, { ...scored, wsjf: { ...scored.wsjf, jobSize: 8 } })).toBe(false);
    expect(samePlanning(a, { ...a, laneId: undefined })).toBe(true);
    expect(samePlanning(a, undefined)).toBe(false);
    expect(samePlanning(undefined, undefined)).toBe(true);
  });
});
