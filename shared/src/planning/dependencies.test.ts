import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LANES } from '../schema/team';
import { makeConnector } from '../schema/connector';
import { makeSticky } from '../schema/sticky';
import {
  assessDependency,
  buildDependencyGraph,
  dependencyEdges,
  dependencyHealth,
  edgeHealths,
  findCycles,
  fixConflictMoveDependencyAbove,
  itemsInCycles,
  rankConflicts,
  worseHealth,
} from './dependencies';
import type { DependencyEdge, PlannedItem } from './dependencies';
import { rankedOrder } from './rank-ops';

/** Edges written as "a>b" meaning a depends on b. */
function edges(...specs: string[]): DependencyEdge[] {
  return specs.map((spec, i) => {
    const [fromItemId, toItemId] = spec.split('>') as [string, string];
    return { id: `e${i}`, fromItemId, toItemId };
  });
}

describe('dependencyEdges', () => {
  const end = (itemId: string | null) => ({ itemId, x: 0, y: 0 });
  const base = { z: 'a0', createdBy: 'ada' };
  it('takes only depends-on connectors attached at both ends', () => {
    const connectors = [
      makeConnector({ ...base, id: 'c1', kind: 'depends-on', from: end('a'), to: end('b') }),
      makeConnector({ ...base, id: 'c2', kind: 'line', from: end('a'), to: end('b') }),
      makeConnector({ ...base, id: 'c3', kind: 'depends-on', from: end('a'), to: end(null) }),
      makeConnector({ ...base, id: 'c4', kind: 'depends-on', from: end(null), to: end('b') }),
      { id: 's1', type: 'sticky', kind: 'depends-on', from: end('a'), to: end('b') },
      makeSticky({ ...base, id: 's2', x: 0, y: 0 }),
    ];
    expect(dependencyEdges(connectors)).toEqual([{ id: 'c1', fromItemId: 'a', toItemId: 'b' }]);
  });
});

describe('buildDependencyGraph', () => {
  it('indexes both directions and ignores duplicate edges', () => {
    const graph = buildDependencyGraph(edges('a>b', 'a>c', 'a>b', 'd>b'));
    expect(graph.dependsOn.get('a')).toEqual(['b', 'c']);
    expect(graph.dependents.get('b')).toEqual(['a', 'd']);
    expect(graph.dependsOn.get('b')).toBeUndefined();
  });
});

describe('dependencyHealth', () => {
  const lanes = [...DEFAULT_LANES].reverse(); // order comes from the keys, not the array
  const item = (id: string, laneId?: string, rank?: string): PlannedItem => ({ id, laneId, rank });
  it.each<[string, PlannedItem, PlannedItem, string, string]>([
    // [label, dependent, dependency, health, reason]
    [
      'dependency in a later lane',
      item('a', 'now', 'a0'),
      item('b', 'next', 'a1'),
      'red',
      'dependency-in-later-lane',
    ],
    [
      'later lane even if ranked above',
      item('a', 'now', 'a5'),
      item('b', 'later', 'a1'),
      'red',
      'dependency-in-later-lane',
    ],
    [
      'later lane, both unranked',
      item('a', 'now'),
      item('b', 'next'),
      'red',
      'dependency-in-later-lane',
    ],
    [
      'dependency unranked, dependent ranked',
      item('a', 'now', 'a0'),
      item('b', 'now'),
      'red',
      'dependency-unranked',
    ],
    [
      'dependency unranked, no lanes',
      item('a', undefined, 'a0'),
      item('b'),
      'red',
      'dependency-unranked',
    ],
    [
      'dependent in a lane, dependency in none',
      item('a', 'next', 'a1'),
      item('b', undefined, 'a0'),
      'red',
      'dependency-unplanned',
    ],
    [
      'dependency in an unknown lane counts as none',
      item('a', 'next', 'a1'),
      item('b', 'gone', 'a0'),
      'red',
      'dependency-unplanned',
    ],
    [
      'same lane, dependency ranked below',
      item('a', 'now', 'a0'),
      item('b', 'now', 'a1'),
      'amber',
      'dependency-ranked-below',
    ],
    [
      'same lane, equal keys, dependency id later',
      item('a', 'now', 'a0'),
      item('b', 'now', 'a0'),
      'amber',
      'dependency-ranked-below',
    ],
    [
      'no lanes at all, dependency ranked below',
      item('a', undefined, 'a0'),
      item('b', undefined, 'a1'),
      'amber',
      'dependency-ranked-below',
    ],
    [
      'both in unknown lanes, ranked below',
      item('a', 'x', 'a0'),
      item('b', 'y', 'a1'),
      'amber',
      'dependency-ranked-below',
    ],
    [
      'same lane, dependency ranked above',
      item('a', 'now', 'a1'),
      item('b', 'now', 'a0'),
      'green',
      'ok',
    ],
    [
      'dependency in an earlier lane, ranked below',
      item('a', 'later', 'a0'),
      item('b', 'now', 'a9'),
      'green',
      'ok',
    ],
    [
      'no lanes, dependency ranked above',
      item('a', undefined, 'a1'),
      item('b', undefined, 'a0'),
      'green',
      'ok',
    ],
    ['both unranked and lane-less', item('a'), item('b'), 'green', 'ok'],
    ['dependent unranked and lane-less', item('a'), item('b', 'later', 'a0'), 'green', 'ok'],
    ['dependent unranked, same lane', item('a', 'next'), item('b', 'next', 'a0'), 'green', 'ok'],
    [
      'dependent not in a lane, dependency in one, ranked below',
      item('a', undefined, 'a0'),
      item('b', 'now', 'a1'),
      'green',
      'ok',
    ],
  ])('%s', (_label, dependent, dependency, health, reason) => {
    expect(assessDependency(dependent, dependency, lanes)).toEqual({ health, reason });
    expect(dependencyHealth(dependent, dependency, lanes)).toBe(health);
  });

  it('treats every lane id as unset when the board has no lanes', () => {
    expect(dependencyHealth(item('a', 'now', 'a0'), item('b', 'later', 'a1'), [])).toBe('amber');
    expect(dependencyHealth(item('a', 'later', 'a1'), item('b', 'now', 'a0'), [])).toBe('green');
  });

  it('picks the worse health', () => {
    expect(worseHealth('green', 'amber')).toBe('amber');
    expect(worseHealth('red', 'amber')).toBe('red');
    expect(worseHealth('green', 'green')).toBe('green');
  });

  it('assesses every edge whose items exist', () => {
    const items = [item('a', 'now', 'a0'), item('b', 'next', 'a1'), item('c', 'now', 'a2')];
    const health = edgeHealths(items, edges('a>b', 'b>c', 'a>gone'), DEFAULT_LANES);
    expect([...health]).toEqual([
      ['e0', 'red'],
      ['e1', 'green'],
    ]);
  });
});

describe('cycles', () => {
  it.each<[string, DependencyEdge[], string[][], string[]]>([
    ['no edges', [], [], []],
    ['a chain', edges('a>b', 'b>c'), [], []],
    ['a diamond', edges('a>b', 'a>c', 'b>d', 'c>d'), [], []],
    ['a self-dependency', edges('a>a'), [['a']], ['a']],
    ['a two-cycle', edges('a>b', 'b>a'), [['a', 'b']], ['a', 'b']],
    [
      'a three-cycle with a tail',
      edges('x>a', 'c>a', 'a>b', 'b>c', 'c>y'),
      [['a', 'b', 'c']],
      ['a', 'b', 'c'],
    ],
    [
      'two cycles sharing a node',
      edges('a>b', 'b>a', 'b>c', 'c>b'),
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      ['a', 'b', 'c'],
    ],
    [
      'a figure with two routes back',
      edges('a>b', 'b>c', 'c>a', 'b>a'),
      [
        ['a', 'b'],
        ['a', 'b', 'c'],
      ],
      ['a', 'b', 'c'],
    ],
    [
      'two separate cycles',
      edges('p>q', 'q>p', 'x>y', 'y>z', 'z>x'),
      [
        ['p', 'q'],
        ['x', 'y', 'z'],
      ],
      ['p', 'q', 'x', 'y', 'z'],
    ],
  ])('%s', (_label, graph, cycles, members) => {
    const found = findCycles(graph).sort((a, b) => a.join().localeCompare(b.join()));
    expect(found).toEqual(cycles);
    expect([...itemsInCycles(graph)].sort()).toEqual(members);
  });

  it('stops at the limit', () => {
    // a complete graph on 6 nodes holds hundreds of elementary cycles
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f'];
    const complete = edges(
      ...nodes.flatMap((x) => nodes.filter((y) => y !== x).map((y) => `${x}>${y}`)),
    );
    expect(findCycles(complete, 10)).toHaveLength(10);
    expect(findCycles(complete, 1000).length).toBe(409);
    expect(itemsInCycles(complete).size).toBe(6);
  });

  it('handles a long chain without overflowing the stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `n${i}>n${i + 1}`);
    expect(itemsInCycles(edges(...chain)).size).toBe(0);
    expect(itemsInCycles(edges(...chain, 'n20000>n0')).size).toBe(20_001);
  });

  it('finds cycles exactly where the items-in-cycles check finds them', () => {
    const edge = fc.tuple(
      fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    );
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 12 }), (pairs) => {
        const graph = edges(...pairs.map(([x, y]) => `${x}>${y}`));
        const cycles = findCycles(graph, 10_000);
        expect(new Set(cycles.flat())).toEqual(itemsInCycles(graph));
        for (const cycle of cycles) {
          cycle.forEach((id, i) => {
            const next = cycle[(i + 1) % cycle.length]!;
            expect(graph.some((e) => e.fromItemId === id && e.toItemId === next)).toBe(true);
          });
          expect(new Set(cycle).size).toBe(cycle.length);
        }
        expect(new Set(cycles.map((c) => c.join())).size).toBe(cycles.length);
      }),
    );
  });
});

describe('rank conflicts', () => {
  const items: PlannedItem[] = [
    { id: 'a', rank: 'a0' },
    { id: 'b', rank: 'a1' },
    { id: 'c', rank: 'a2' },
    { id: 'u' },
    { id: 'v' },
  ];
  it.each<[string, DependencyEdge[], [string, string][]]>([
    ['dependency ranked above: fine', edges('c>a'), []],
    ['dependency ranked below: conflict', edges('a>c'), [['a', 'c']]],
    ['dependency unranked: conflict', edges('b>u'), [['b', 'u']]],
    ['dependent unranked: no conflict', edges('u>a', 'u>v'), []],
    ['self-dependency: no conflict', edges('a>a'), []],
    ['missing items: no conflict', edges('a>gone', 'gone>a'), []],
    [
      'several',
      edges('a>b', 'b>c', 'c>b'),
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
    ],
  ])('%s', (_label, graph, expected) => {
    expect(rankConflicts(items, graph).map((c) => [c.dependentId, c.dependencyId])).toEqual(
      expected,
    );
  });

  it('reports the edge id', () => {
    expect(rankConflicts(items, edges('a>c'))).toEqual([
      { edgeId: 'e0', dependentId: 'a', dependencyId: 'c' },
    ]);
  });

  it('moving the dependency above the dependent resolves the conflict for that pair', () => {
    const rank = fc.option(fc.constantFrom('a0', 'a1', 'a2', 'a3'), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(rank, { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        (ranks, i, j) => {
          const list: PlannedItem[] = ranks.map((r, n) => ({ id: `i${n}`, rank: r }));
          const [from, to] = [list[i % list.length]!, list[j % list.length]!];
          const graph = edges(`${from.id}>${to.id}`);
          const [conflict] = rankConflicts(list, graph);
          if (!conflict) return;
          const key = fixConflictMoveDependencyAbove(list, conflict)!;
          const fixed = list.map((item) => (item.id === to.id ? { ...item, rank: key } : item));
          expect(rankConflicts(fixed, graph)).toEqual([]);
          const order = rankedOrder(fixed).map((x) => x.id);
          expect(order.indexOf(to.id)).toBe(order.indexOf(from.id) - 1 - tiedBefore(fixed, from));
        },
      ),
    );
  });

  it('returns null when the dependent is gone', () => {
    expect(
      fixConflictMoveDependencyAbove(items, { dependentId: 'gone', dependencyId: 'a' }),
    ).toBeNull();
  });
});

/** Items sharing the dependent's key that sort before it: the fix lands above that whole group. */
function tiedBefore(items: PlannedItem[], dependent: PlannedItem): number {
  return items.filter((x) => x.rank === dependent.rank && x.id < dependent.id).length;
}
