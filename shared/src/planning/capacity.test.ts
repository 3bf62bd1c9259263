import { describe, expect, it } from 'vitest';
import {
  assessLoad,
  cellKey,
  cellLoads,
  cutLines,
  formatLoad,
  formatOverflow,
  loadOf,
  teamCapacity,
} from './capacity';
import type { CellCapacity, LoadedCard } from './capacity';

const card = (
  id: string,
  teamId: string | undefined,
  laneId: string | undefined,
  estimate?: number,
  rank?: string,
): LoadedCard => ({ id, teamId, laneId, estimate, rank });

describe('cellLoads', () => {
  it.each<
    [string, LoadedCard[], string, string, { points: number; cards: number; unestimated: number }]
  >([
    ['empty cell', [], 't1', 'i1', { points: 0, cards: 0, unestimated: 0 }],
    [
      'sums the estimates of the cell',
      [card('a', 't1', 'i1', 5), card('b', 't1', 'i1', 8), card('c', 't1', 'i2', 3)],
      't1',
      'i1',
      { points: 13, cards: 2, unestimated: 0 },
    ],
    [
      'another team in the same iteration does not count',
      [card('a', 't1', 'i1', 5), card('b', 't2', 'i1', 8)],
      't1',
      'i1',
      { points: 5, cards: 1, unestimated: 0 },
    ],
    [
      'cards without an estimate count 0 and are counted as unestimated',
      [card('a', 't1', 'i1', 5), card('b', 't1', 'i1')],
      't1',
      'i1',
      { points: 5, cards: 2, unestimated: 1 },
    ],
    [
      'a zero estimate is an estimate',
      [card('a', 't1', 'i1', 0)],
      't1',
      'i1',
      { points: 0, cards: 1, unestimated: 0 },
    ],
    [
      'cards without a team or lane are in no cell',
      [card('a', undefined, 'i1', 5), card('b', 't1', undefined, 5)],
      't1',
      'i1',
      { points: 0, cards: 0, unestimated: 0 },
    ],
    [
      'half points add up',
      [card('a', 't1', 'i1', 0.5), card('b', 't1', 'i1', 0.5)],
      't1',
      'i1',
      { points: 1, cards: 2, unestimated: 0 },
    ],
  ])('%s', (_label, cards, team, lane, expected) => {
    expect(loadOf(cellLoads(cards), team, lane)).toEqual(expected);
  });
});

describe('assessLoad', () => {
  it.each<[number, number | null, string, string, string]>([
    [13, 10, 'over', '13 / 10 pts', '+3'],
    [10, 10, 'full', '10 / 10 pts', ''],
    [7, 10, 'under', '7 / 10 pts', ''],
    [7, null, 'none', '7 pts', ''],
    [0, 0, 'full', '0 / 0 pts', ''],
    [0.1 + 0.2, 0.3, 'full', '0.3 / 0.3 pts', ''],
    [2.5, 2, 'over', '2.5 / 2 pts', '+0.5'],
  ])('load %s against %s is %s', (load, capacity, status, text, overflow) => {
    const assessment = assessLoad(load, capacity);
    expect(assessment.status).toBe(status);
    expect(formatLoad(assessment)).toBe(text);
    expect(formatOverflow(assessment)).toBe(overflow);
  });

  it('gives the overflow and the free points', () => {
    expect(assessLoad(13, 10)).toMatchObject({ overflow: 3, free: 0 });
    expect(assessLoad(7, 10)).toMatchObject({ overflow: 0, free: 3 });
  });
});

const capacities: CellCapacity[] = [
  { teamId: 't1', laneId: 'i1', points: 10 },
  { teamId: 't1', laneId: 'i2', points: 5 },
  { teamId: 't2', laneId: 'i1', points: 8 },
];

describe('teamCapacity', () => {
  it.each<[string, ReadonlySet<string> | undefined, number | null]>([
    ['t1', undefined, 15],
    ['t1', new Set(['i1']), 10],
    ['t2', undefined, 8],
    ['t3', undefined, null],
    ['t2', new Set(['i2']), null],
  ])('%s over %s', (team, lanes, expected) => {
    expect(teamCapacity(capacities, team, lanes)).toBe(expected);
  });
});

describe('cutLines', () => {
  it.each<[string, LoadedCard[], string, string | null, string | null, number]>([
    [
      'everything fits',
      [card('a', 't1', 'i1', 5, 'a0'), card('b', 't1', 'i2', 5, 'a1')],
      't1',
      'b',
      null,
      0,
    ],
    [
      'the line falls after the last card within capacity, in rank order',
      [
        card('c', 't1', 'i1', 8, 'a2'),
        card('a', 't1', 'i1', 5, 'a0'),
        card('b', 't1', 'i2', 8, 'a1'),
        card('x', 't2', 'i1', 100, 'a05'),
      ],
      't1',
      'b',
      'c',
      6,
    ],
    ['not even the first card fits', [card('a', 't2', 'i1', 13, 'a0')], 't2', null, 'a', 5],
    [
      'unranked cards come after the ranked ones',
      [card('u', 't2', 'i1', 5), card('a', 't2', 'i1', 5, 'a0')],
      't2',
      'a',
      'u',
      2,
    ],
    [
      'a card exactly at capacity still fits',
      [card('a', 't2', 'i1', 8, 'a0'), card('b', 't2', 'i1', 1, 'a1')],
      't2',
      'a',
      'b',
      1,
    ],
  ])('%s', (_label, cards, team, lastFitting, firstOver, overflow) => {
    const line = cutLines(cards, capacities).get(team)!;
    expect(line.lastFitting).toBe(lastFitting);
    expect(line.firstOver).toBe(firstOver);
    expect(line.overflow).toBe(overflow);
  });

  it('gives the running load and no line to teams without capacity', () => {
    const lines = cutLines(
      [
        card('a', 't1', 'i1', 5, 'a0'),
        card('b', 't1', 'i1', 3, 'a1'),
        card('z', 't9', 'i1', 3, 'a2'),
      ],
      capacities,
    );
    expect([...lines.get('t1')!.cumulative]).toEqual([
      ['a', 5],
      ['b', 8],
    ]);
    expect(lines.has('t9')).toBe(false);
  });

  it('keys cells by team and lane', () => {
    expect(cellKey('t1', 'i1')).toBe('t1/i1');
  });
});
