import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareRanked,
  moveAfter,
  moveBefore,
  moveToIndex,
  rankAll,
  rankedOrder,
  seedRankByScore,
  withRanks,
} from './rank-ops';
import type { Rankable } from './rank-ops';

const ids = (items: readonly Rankable[]) => rankedOrder(items).map((i) => i.id);

/** a0 < a1 < a2; `t1`/`t2` share a key, as after a concurrent insert on two peers. */
const backlog: Rankable[] = [
  { id: 'c', rank: 'a2' },
  { id: 'u2' },
  { id: 'a', rank: 'a0' },
  { id: 'u1', rank: null },
  { id: 'b', rank: 'a1' },
];
const tied: Rankable[] = [
  { id: 'a', rank: 'a0' },
  { id: 't2', rank: 'a1' },
  { id: 't1', rank: 'a1' },
  { id: 'z', rank: 'a2' },
];

describe('rankedOrder', () => {
  it.each<[string, Rankable[], string[]]>([
    ['empty', [], []],
    ['ranked then unranked by id', backlog, ['a', 'b', 'c', 'u1', 'u2']],
    ['ties broken by id', tied, ['a', 't1', 't2', 'z']],
    ['all unranked by id', [{ id: 'b' }, { id: 'a' }], ['a', 'b']],
    [
      'empty rank string counts as unranked',
      [
        { id: 'x', rank: '' },
        { id: 'y', rank: 'a0' },
      ],
      ['y', 'x'],
    ],
  ])('%s', (_label, items, expected) => {
    expect(ids(items)).toEqual(expected);
    expect(ids([...items].reverse())).toEqual(expected);
  });

  it('does not modify its input', () => {
    const copy = [...backlog];
    rankedOrder(backlog);
    expect(backlog).toEqual(copy);
  });

  it('compares like the order', () => {
    expect(compareRanked({ id: 'a', rank: 'a0' }, { id: 'b' })).toBe(-1);
    expect(compareRanked({ id: 'b' }, { id: 'a', rank: 'a0' })).toBe(1);
    expect(compareRanked({ id: 'a' }, { id: 'a' })).toBe(0);
  });
});

function apply(items: readonly Rankable[], id: string, rank: string | null): Rankable[] {
  const exists = items.some((i) => i.id === id);
  const next = items.map((i) => (i.id === id ? { ...i, rank } : i));
  return exists ? next : [...next, { id, rank }];
}

describe('moveBefore / moveAfter', () => {
  it.each<[string, 'before' | 'after', Rankable[], string, string, string[]]>([
    ['to the top', 'before', backlog, 'c', 'a', ['c', 'a', 'b', 'u1', 'u2']],
    ['into the middle', 'before', backlog, 'c', 'b', ['a', 'c', 'b', 'u1', 'u2']],
    ['an unranked item into the ranks', 'before', backlog, 'u2', 'b', ['a', 'u2', 'b', 'c', 'u1']],
    [
      'before an unranked target: end of ranks',
      'before',
      backlog,
      'a',
      'u1',
      ['b', 'c', 'a', 'u1', 'u2'],
    ],
    ['a new item', 'before', backlog, 'new', 'b', ['a', 'new', 'b', 'c', 'u1', 'u2']],
    ['onto itself keeps the key', 'before', backlog, 'b', 'b', ['a', 'b', 'c', 'u1', 'u2']],
    ['before a tied group', 'before', tied, 'z', 't2', ['a', 'z', 't1', 't2']],
    ['to the bottom', 'after', backlog, 'a', 'c', ['b', 'c', 'a', 'u1', 'u2']],
    ['into the middle', 'after', backlog, 'a', 'b', ['b', 'a', 'c', 'u1', 'u2']],
    ['an unranked item after the top', 'after', backlog, 'u1', 'a', ['a', 'u1', 'b', 'c', 'u2']],
    [
      'after an unranked target: end of ranks',
      'after',
      backlog,
      'a',
      'u2',
      ['b', 'c', 'a', 'u1', 'u2'],
    ],
    [
      'an unranked item onto itself: end of ranks',
      'after',
      backlog,
      'u1',
      'u1',
      ['a', 'b', 'c', 'u1', 'u2'],
    ],
    ['after a tied group', 'after', tied, 'a', 't1', ['t1', 't2', 'a', 'z']],
    ['within a tied group', 'after', tied, 't1', 't2', ['a', 't2', 't1', 'z']],
  ])('moves %s (%s)', (_label, where, items, id, target, expected) => {
    const key = (where === 'before' ? moveBefore : moveAfter)(items, id, target);
    expect(key).not.toBeNull();
    expect(ids(apply(items, id, key))).toEqual(expected);
  });

  it('returns null when the target is gone', () => {
    expect(moveBefore(backlog, 'a', 'nope')).toBeNull();
    expect(moveAfter(backlog, 'a', 'nope')).toBeNull();
  });

  it('ranks the first item of an empty backlog', () => {
    expect(moveBefore([{ id: 'a' }], 'a', 'a')).toBe('a0');
  });

  it('always lands on the requested side of the target, whatever the ranks', () => {
    const item = fc.record({
      rank: fc.option(fc.constantFrom('a0', 'a1', 'a2', 'a3', 'a5', 'a8'), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 2, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (records, i, j, before) => {
          const items = records.map((r, n) => ({ id: `i${n}`, ...r }));
          const id = items[i % items.length]!.id;
          const target = items[j % items.length]!;
          if (id === target.id) return;
          const key = (before ? moveBefore : moveAfter)(items, id, target.id)!;
          const order = ids(apply(items, id, key));
          const [pos, targetPos] = [order.indexOf(id), order.indexOf(target.id)];
          if (!target.rank) expect(pos).toBeLessThan(targetPos);
          else if (before) expect(pos).toBeLessThan(targetPos);
          else expect(pos).toBeGreaterThan(targetPos);
        },
      ),
    );
  });
});

describe('moveToIndex', () => {
  it.each<[string, Rankable[], string, number, string[]]>([
    ['to the top', backlog, 'c', 0, ['c', 'a', 'b', 'u1', 'u2']],
    ['to position 1', backlog, 'c', 1, ['a', 'c', 'b', 'u1', 'u2']],
    ['to the end of the ranks', backlog, 'a', 2, ['b', 'c', 'a', 'u1', 'u2']],
    ['past the end (clamped)', backlog, 'a', 99, ['b', 'c', 'a', 'u1', 'u2']],
    ['before the start (clamped)', backlog, 'c', -5, ['c', 'a', 'b', 'u1', 'u2']],
    ['NaN means the top', backlog, 'c', Number.NaN, ['c', 'a', 'b', 'u1', 'u2']],
    ['an unranked item to position 1', backlog, 'u2', 1, ['a', 'u2', 'b', 'c', 'u1']],
    ['into an empty backlog', [], 'x', 0, ['x']],
    ['into a tied group', tied, 'z', 2, ['a', 'z', 't1', 't2']],
  ])('moves %s', (_label, items, id, index, expected) => {
    expect(ids(apply(items, id, moveToIndex(items, id, index)))).toEqual(expected);
  });
});

describe('rankAll', () => {
  it.each<[string, string[]]>([
    ['none', []],
    ['one', ['a']],
    ['several', ['c', 'a', 'b']],
    ['an id named like a prototype key', ['__proto__', 'constructor']],
  ])('ranks %s in the given order', (_label, list) => {
    const ranks = rankAll(list);
    expect(Object.keys(ranks)).toEqual(list);
    expect(ids(list.map((id) => ({ id, rank: ranks[id] })))).toEqual(list);
  });

  it('keeps the first place of a duplicate id', () => {
    const ranks = rankAll(['b', 'a', 'b']);
    expect(
      ids([
        { id: 'a', rank: ranks.a },
        { id: 'b', rank: ranks.b },
      ]),
    ).toEqual(['b', 'a']);
  });
});

describe('seedRankByScore', () => {
  const items = [
    { id: 'low', rank: 'a0', score: 1 },
    { id: 'none', rank: 'a1', score: null },
    { id: 'high', rank: 'a2', score: 9 },
    { id: 'tie-late', rank: 'a4', score: 5 },
    { id: 'tie-early', rank: 'a3', score: 5 },
    { id: 'nan', score: Number.NaN },
    { id: 'neg', score: -2 },
  ];
  it('orders by score descending, ties and unscored in their current order', () => {
    const ranks = seedRankByScore(items, (i) => i.score);
    expect(ids(withRanks(items, ranks))).toEqual([
      'high',
      'tie-early',
      'tie-late',
      'low',
      'neg',
      'none',
      'nan',
    ]);
    expect(Object.keys(ranks)).toHaveLength(items.length);
  });

  it('handles an empty backlog', () => {
    expect(seedRankByScore([], () => 1)).toEqual({});
  });
});

describe('withRanks', () => {
  it('replaces only the given keys', () => {
    expect(withRanks([{ id: 'a', rank: 'a0' }, { id: 'b' }], { b: 'a1' })).toEqual([
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a1' },
    ]);
  });
});
