import { describe, expect, it } from 'vitest';
import { rankAll } from './rank-ops';
import { departures, recordTeamOrder, teamOrderView, teamRanksFor } from './team-order';
import type { TeamOrdered } from './team-order';

/** Cards from "id:team" in unified order, with team ranks from `teamOrder` (ids in the team's order). */
function board(unified: string[], teamOrder: string[] = []): TeamOrdered[] {
  const ranks = rankAll(unified.map((s) => s.split(':')[0]!));
  const teamRanks = teamRanksFor(teamOrder);
  return unified.map((spec) => {
    const [id, teamId] = spec.split(':') as [string, string];
    return { id, teamId, rank: ranks[id], teamRank: teamRanks[id] };
  });
}

describe('teamOrderView', () => {
  it.each<[string, string[], string[], [string, number | null, number, number | null][]]>([
    [
      'the program kept the team order',
      ['a:web', 'x:api', 'b:web'],
      ['a', 'b'],
      [
        ['a', 1, 1, 0],
        ['b', 2, 3, 0],
      ],
    ],
    [
      'the program swapped two of the team',
      ['b:web', 'x:api', 'a:web', 'c:web'],
      ['a', 'b', 'c'],
      [
        ['b', 2, 1, 1],
        ['a', 1, 3, -1],
        ['c', 3, 4, 0],
      ],
    ],
    [
      'a card the team never ordered has no shift and does not shift the others',
      ['n:web', 'a:web', 'b:web'],
      ['a', 'b'],
      [
        ['n', null, 1, null],
        ['a', 1, 2, 0],
        ['b', 2, 3, 0],
      ],
    ],
    ['another team has no rows here', ['x:api'], ['x'], []],
  ])('%s', (_label, unified, teamOrder, rows) => {
    const view = teamOrderView(board(unified, teamOrder), 'web');
    expect(view.map((r) => [r.id, r.teamPosition, r.unifiedRank, r.shift])).toEqual(rows);
  });

  it('counts the departures', () => {
    const view = teamOrderView(board(['b:web', 'a:web', 'c:web'], ['a', 'b', 'c']), 'web');
    expect(departures(view)).toBe(2);
  });
});

describe('recordTeamOrder', () => {
  it('makes the team order what the unified backlog says now', () => {
    const cards = board(['b:web', 'x:api', 'a:web'], ['a', 'b']);
    const ranks = recordTeamOrder(cards, 'web');
    expect(Object.keys(ranks)).toEqual(['b', 'a']);
    expect(ranks.b! < ranks.a!).toBe(true);
    const after = cards.map((c) => (ranks[c.id] ? { ...c, teamRank: ranks[c.id] } : c));
    expect(departures(teamOrderView(after, 'web'))).toBe(0);
  });

  it('leaves unranked cards out', () => {
    expect(recordTeamOrder([{ id: 'u', teamId: 'web' }], 'web')).toEqual({});
  });
});
