import { describe, expect, it } from 'vitest';
import { makeConnector, makeSticky } from '../schema';
import type { StickyItem } from '../schema';
import { boardDiffToCsv, diffBoards } from './board-diff';

const sticky = (id: string, fields: Partial<StickyItem> = {}) =>
  makeSticky({ id, x: 0, y: 0, z: 'a0', createdBy: 'ann', text: id.toUpperCase(), ...fields }, 1);

const dependency = (id: string, from: string, to: string) =>
  makeConnector(
    {
      id,
      z: 'a9',
      createdBy: 'ann',
      kind: 'depends-on',
      from: { itemId: from, x: 0, y: 0 },
      to: { itemId: to, x: 5, y: 5 },
    },
    1,
  );

describe('diffBoards', () => {
  it('is empty for equal boards', () => {
    const items = [sticky('a'), sticky('b')];
    expect(diffBoards({ items, votes: {} }, { items: [...items], votes: {} })).toEqual([]);
  });

  it('lists every kind of change exactly once', () => {
    const before = {
      items: [
        sticky('a'),
        sticky('b', { laneId: 'now', teamId: 't1', rank: 'a0' }),
        sticky('gone'),
        dependency('d1', 'a', 'b'),
      ],
      votes: { a: { ann: 1 } },
    };
    const after = {
      items: [
        sticky('a', { text: 'A2', color: 'blue', x: 5 }),
        sticky('b', { laneId: 'next', teamId: 't2', rank: 'a1' }),
        sticky('new'),
        dependency('d2', 'b', 'a'),
      ],
      votes: { a: { ann: 1, bo: 2 } },
    };
    expect(diffBoards(before, after).map((c) => [c.kind, c.itemId, c.label, c.detail])).toEqual([
      ['added', 'new', 'NEW', 'sticky'],
      ['removed', 'gone', 'GONE', 'sticky'],
      ['edited', 'a', 'A2', 'color, text'],
      ['moved', 'a', 'A2', '(0, 0) → (5, 0)'],
      ['lane', 'b', 'B', 'now → next'],
      ['team', 'b', 'B', 't1 → t2'],
      ['rank', 'b', 'B', 'a0 → a1'],
      ['votes', 'a', 'A2', '1 → 3'],
      ['dependency-added', 'd2', 'B → A2', ''],
      ['dependency-removed', 'd1', 'A → B', ''],
    ]);
  });

  it('exports formula-safe CSV', () => {
    const csv = boardDiffToCsv([
      { kind: 'edited', itemId: 'x', label: '=SUM(1,2)', detail: 'a, "b"' },
    ]);
    expect(csv).toBe('change,item,id,detail\r\nedited,"\'=SUM(1,2)",x,"a, ""b"""\r\n');
  });
});
