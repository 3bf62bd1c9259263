import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankConflicts } from './dependencies';
import type { DependencyEdge } from './dependencies';
import { rankAll, rankedOrder, withRanks } from './rank-ops';
import type { Rankable } from './rank-ops';
import { resolveRankConflicts } from './resolve-conflicts';

/** Edges written as "a>b": a depends on b. */
function edges(...specs: string[]): DependencyEdge[] {
  return specs.map((spec, i) => {
    const [fromItemId, toItemId] = spec.split('>') as [string, string];
    return { id: `e${i}`, fromItemId, toItemId };
  });
}

/** A backlog in the order given; ids after a "|" are unranked. */
function backlog(spec: string): Rankable[] {
  const [ranked, unranked = ''] = spec.split('|');
  const ids = ranked!.split(' ').filter(Boolean);
  const ranks = rankAll(ids);
  return [
    ...ids.map((id) => ({ id, rank: ranks[id] })),
    ...unranked
      .split(' ')
      .filter(Boolean)
      .map((id) => ({ id })),
  ];
}

function orderAfter(items: Rankable[], ranks: Record<string, string>): string {
  return rankedOrder(withRanks(items, ranks))
    .map((i) => (i.rank ? i.id : `(${i.id})`))
    .join(' ');
}

describe('resolveRankConflicts', () => {
  it.each<[string, string, string[], number, string]>([
    ['no dependencies, nothing moves', 'a b c', [], 0, 'a b c'],
    ['already in order', 'b a c', ['a>b'], 0, 'b a c'],
    ['one conflict, one move', 'a b c', ['a>b'], 1, 'b a c'],
    [
      'a dependent above a chain moves below the chain, once',
      'a b c d',
      ['a>b', 'b>c', 'c>d'],
      3,
      'd c b a',
    ],
    ['moving one item fixes two conflicts', 'a b c x', ['a>x', 'b>x', 'c>x'], 1, 'x a b c'],
    ['moving one dependent is better than three', 'a x y z', ['a>x', 'a>y', 'a>z'], 1, 'x y z a'],
    ['an unranked dependency of a ranked item gets a rank', 'a b | u', ['a>u'], 1, 'u a b'],
    ['an unranked dependent is not a conflict', 'a | u', ['u>a'], 0, 'a (u)'],
    [
      'an unranked dependency of an unranked dependency is ranked too',
      'a b | u v',
      ['a>u', 'u>v'],
      2,
      'v u a b',
    ],
  ])('%s', (_label, spec, deps, moves, expected) => {
    const items = backlog(spec);
    const plan = resolveRankConflicts(items, edges(...deps));
    expect(plan.moves).toHaveLength(moves);
    expect(orderAfter(items, plan.ranks)).toBe(expected);
    expect(rankConflicts(withRanks(items, plan.ranks), edges(...deps))).toEqual([]);
  });

  it('reports cycles and resolves what is outside them', () => {
    const items = backlog('a b c d e');
    const deps = edges('a>b', 'b>a', 'c>e');
    const plan = resolveRankConflicts(items, deps);
    expect(plan.cycles).toEqual([['a', 'b']]);
    expect(plan.moves.map((m) => m.id)).toHaveLength(1);
    const after = rankConflicts(withRanks(items, plan.ranks), deps);
    expect(after.map((c) => c.dependentId)).toEqual(['a']);
  });

  it('describes each move: from, to, after, and what it is moved below', () => {
    const plan = resolveRankConflicts(backlog('a b c'), edges('a>c'));
    expect(plan.moves).toHaveLength(1);
    const [move] = plan.moves;
    expect(move!.from === 1 ? move!.to : move!.from).toBe(3);
    expect([move!.below, move!.above]).toEqual(move!.id === 'a' ? [['c'], []] : [[], ['a']]);
  });

  it('fits moved items between neighbours that share a key', () => {
    const items: Rankable[] = [
      { id: 'a', rank: 'a1' },
      { id: 'b', rank: 'a1' },
      { id: 'c', rank: 'a2' },
    ];
    const deps = edges('a>c');
    const plan = resolveRankConflicts(items, deps);
    expect(rankConflicts(withRanks(items, plan.ranks), deps)).toEqual([]);
  });

  /** The fewest moves by brute force: the largest set of ranked items that can stay. */
  function fewestMoves(items: Rankable[], deps: DependencyEdge[]): number {
    const order = rankedOrder(items);
    const place = new Map(order.map((i, n) => [i.id, n]));
    const needs = new Map<string, Set<string>>();
    for (const e of deps)
      needs.set(e.fromItemId, (needs.get(e.fromItemId) ?? new Set()).add(e.toItemId));
    const reach = (id: string) => {
      const seen = new Set<string>();
      const stack = [...(needs.get(id) ?? [])];
      while (stack.length) {
        const n = stack.pop()!;
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(...(needs.get(n) ?? []));
        }
      }
      return seen;
    };
    const involved = order.filter((i) => needs.has(i.id) || deps.some((e) => e.toItemId === i.id));
    let best = 0;
    for (let mask = 0; mask < 1 << involved.length; mask++) {
      const kept = involved.filter((_, i) => mask & (1 << i));
      const ok = kept.every((a) =>
        [...reach(a.id)].every(
          (p) => !kept.some((k) => k.id === p) || place.get(p)! < place.get(a.id)!,
        ),
      );
      if (ok) best = Math.max(best, kept.length);
    }
    return involved.length - best;
  }

  it('moves as few items as possible and leaves no conflict (random acyclic backlogs)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 8 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
              fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 12 }),
            ),
          ),
        ([n, shuffle, pairs]) => {
          // Acyclic: item i may only depend on items with a larger number; the backlog is shuffled.
          const ids = [...Array(n).keys()].map((i) => `i${i}`);
          const deps = edges(
            ...pairs.filter(([a, b]) => a < b).map(([a, b]) => `${ids[a]}>${ids[b]}`),
          );
          const items = backlog(shuffle.map((i) => ids[i]).join(' '));
          const plan = resolveRankConflicts(items, deps);
          expect(rankConflicts(withRanks(items, plan.ranks), deps)).toEqual([]);
          expect(plan.moves.length).toBe(fewestMoves(items, deps));
        },
      ),
      { numRuns: 300 },
    );
  });
});
