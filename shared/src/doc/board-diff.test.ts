import { describe, expect, it } from 'vitest';
import { makeConnector, makeSticky } from '../schema';
import type { StickyItem } from '../schema';
import type { Team } from '../schema/team';
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

const teams: Team[] = [
  { id: 't1', name: 'Payments', color: 'red' },
  { id: 't2', name: 'Search', color: 'green' },
];
const lanes = [
  { id: 'now', name: 'Now', order: 'a0' },
  { id: 'next', name: 'Next', order: 'a1' },
];

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
        sticky('c', { rank: 'a1' }),
        sticky('gone'),
        dependency('d1', 'a', 'b'),
      ],
      votes: { a: { ann: 1 } },
      teams,
      lanes,
    };
    const after = {
      items: [
        sticky('a', { text: 'A2', color: 'blue', x: 5 }),
        sticky('b', { laneId: 'next', teamId: 't2', rank: 'a2' }),
        sticky('c', { rank: 'a1' }),
        sticky('new'),
        dependency('d2', 'b', 'a'),
      ],
      votes: { a: { ann: 1, bo: 2 } },
      teams,
      lanes,
    };
    expect(diffBoards(before, after).map((c) => [c.kind, c.itemId, c.label, c.detail])).toEqual([
      ['added', 'new', 'NEW', 'sticky'],
      ['removed', 'gone', 'GONE', 'sticky'],
      ['edited', 'a', 'A2', 'color, text'],
      ['moved', 'a', 'A2', '(0, 0) → (5, 0)'],
      ['lane', 'b', 'B', 'Now → Next'],
      ['team', 'b', 'B', 'Payments → Search'],
      ['rank', 'b', 'B', 'moved from #1 to #2'],
      ['votes', 'a', 'A2', '1 → 3'],
      ['dependency-added', 'd2', 'B → A2', ''],
      ['dependency-removed', 'd1', 'A → B', ''],
    ]);
  });

  it('reports a plain drag as a move only, not also as an edit of the stacking order', () => {
    const before = { items: [sticky('a', { z: 'a0' }), sticky('b', { z: 'a1' })], votes: {} };
    const after = {
      items: [sticky('a', { x: 40, y: 10, z: 'a2' }), sticky('b', { z: 'a1' })],
      votes: {},
    };
    expect(diffBoards(before, after).map((c) => [c.kind, c.detail])).toEqual([
      ['moved', '(0, 0) → (40, 10)'],
    ]);
  });

  it.each<{
    name: string;
    before: Record<string, string>;
    after: Record<string, string>;
    rows: string[][];
  }>([
    {
      name: 'a card dragged to the top is the one that moved',
      before: { a: 'a0', b: 'a1', c: 'a2' },
      after: { a: 'a0', b: 'a1', c: 'Zz' },
      rows: [['c', 'moved from #3 to #1']],
    },
    {
      name: 'a card ranked for the first time',
      before: { a: 'a0', b: 'a1' },
      after: { a: 'a0', b: 'a1', c: 'a0V' },
      rows: [['c', 'ranked at #2']],
    },
    {
      name: 'a card taken out of the ranking',
      before: { a: 'a0', b: 'a1', c: 'a2' },
      after: { b: 'a1', c: 'a2' },
      rows: [['a', 'unranked (was #1)']],
    },
    {
      name: 'a new key at the same position',
      before: { a: 'a0', b: 'a1' },
      after: { a: 'a0', b: 'a3' },
      rows: [],
    },
  ])('says positions, never keys: $name', ({ before, after, rows }) => {
    const board = (ranks: Record<string, string>) => ({
      items: ['a', 'b', 'c'].map((id) => sticky(id, ranks[id] ? { rank: ranks[id] } : {})),
      votes: {},
    });
    const changes = diffBoards(board(before), board(after));
    expect(changes.map((c) => [c.itemId, c.detail])).toEqual(rows);
    for (const change of changes) expect(change.detail).not.toMatch(/\b[a-zA-Z]\d[\w]*\b/);
  });

  it('names teams and lanes from either state, and never shows an id', () => {
    const before = {
      items: [sticky('a', { teamId: 't1', laneId: 'now' })],
      votes: {},
      teams,
      lanes,
    };
    const after = {
      items: [sticky('a', { teamId: 'gone-team', laneId: undefined })],
      votes: {},
      teams: [],
      lanes,
    };
    expect(diffBoards(before, after).map((c) => [c.kind, c.detail])).toEqual([
      ['lane', 'Now → (none)'],
      ['team', 'Payments → a removed team'],
    ]);
  });

  it('exports formula-safe CSV', () => {
    const csv = boardDiffToCsv([
      { kind: 'edited', itemId: 'x', label: '=SUM(1,2)', detail: 'a, "b"' },
    ]);
    expect(csv).toBe('change,item,id,detail\r\nedited,"\'=SUM(1,2)",x,"a, ""b"""\r\n');
  });
});
