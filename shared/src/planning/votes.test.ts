import { describe, expect, it } from 'vitest';
import { NO_TEAM, canVote, remainingBudget, tallyVotes, votesUsed } from './votes';
import type { Votes } from './votes';

const votes: Votes = {
  login: { ada: 2, bob: 1, cy: 3 },
  search: { ada: 1, dee: 2 },
  export: {},
  broken: { ada: -1, bob: 1.5, cy: Number.NaN, dee: 0 },
};
const voterTeam = { ada: 'payments', bob: 'payments', cy: 'search' };

describe('tallyVotes', () => {
  it('counts totals and votes per team', () => {
    expect(tallyVotes(votes, voterTeam)).toEqual({
      login: { total: 6, weightedTotal: 6, byTeam: { payments: 3, search: 3 } },
      search: { total: 3, weightedTotal: 3, byTeam: { payments: 1, [NO_TEAM]: 2 } },
      export: { total: 0, weightedTotal: 0, byTeam: {} },
      broken: { total: 0, weightedTotal: 0, byTeam: {} },
    });
  });

  it.each<[string, Record<string, number>, number, number]>([
    // [label, weights, login weighted, search weighted]
    ['no weights', {}, 6, 3],
    ['a heavier team', { payments: 2 }, 9, 4],
    ['a zero-weight team', { search: 0 }, 3, 3],
    ['a weight for voters without a team', { [NO_TEAM]: 0.5 }, 6, 2],
    ['a non-finite weight counts as 1', { payments: Number.POSITIVE_INFINITY }, 6, 3],
  ])('weights votes: %s', (_label, weights, login, search) => {
    const tally = tallyVotes(votes, voterTeam, weights);
    expect(tally.login!.weightedTotal).toBe(login);
    expect(tally.search!.weightedTotal).toBe(search);
    expect(tally.login!.total).toBe(6);
  });

  it('is safe with prototype-like ids', () => {
    const tally = tallyVotes({ __proto__item: { constructor: 1 } }, {});
    expect(tally.__proto__item).toEqual({ total: 1, weightedTotal: 1, byTeam: { [NO_TEAM]: 1 } });
  });
});

describe('budgets', () => {
  it.each<[string, string, number, number, number]>([
    // [label, user, budget, used, remaining]
    ['a voter with votes left', 'ada', 5, 3, 2],
    ['a voter who used everything', 'cy', 3, 3, 0],
    ['a voter over a lowered budget', 'cy', 2, 3, 0],
    ['a voter who has not voted', 'eve', 5, 0, 5],
    ['invalid stored counts are ignored', 'bob', 5, 1, 4],
  ])('%s', (_label, user, budget, used, remaining) => {
    expect(votesUsed(votes, user)).toBe(used);
    expect(remainingBudget(votes, user, budget)).toBe(remaining);
  });
});

describe('canVote', () => {
  it.each<[string, string, string, number, number, ReturnType<typeof canVote>]>([
    // [label, user, item, delta, budget, result]
    ['a first vote', 'eve', 'login', 1, 5, { ok: true, next: 1 }],
    ['adding up to the budget', 'ada', 'login', 2, 5, { ok: true, next: 4 }],
    ['going over the budget', 'ada', 'login', 3, 5, { ok: false, reason: 'over-budget' }],
    ['a vote on an item nobody voted on yet', 'ada', 'new', 1, 4, { ok: true, next: 1 }],
    ['taking a vote back', 'ada', 'login', -1, 5, { ok: true, next: 1 }],
    ['taking back more than placed', 'ada', 'login', -3, 5, { ok: false, reason: 'below-zero' }],
    ['taking back with no votes', 'eve', 'login', -1, 5, { ok: false, reason: 'below-zero' }],
    ['taking back while over a lowered budget', 'cy', 'login', -1, 1, { ok: true, next: 2 }],
    [
      'adding while over a lowered budget',
      'cy',
      'search',
      1,
      1,
      { ok: false, reason: 'over-budget' },
    ],
    ['a zero change', 'ada', 'login', 0, 5, { ok: true, next: 2 }],
    ['a fractional vote', 'ada', 'login', 0.5, 5, { ok: false, reason: 'invalid' }],
    ['a NaN vote', 'ada', 'login', Number.NaN, 5, { ok: false, reason: 'invalid' }],
    ['a negative budget', 'ada', 'login', 1, -1, { ok: false, reason: 'invalid' }],
    ['a corrupt stored count counts as 0', 'ada', 'broken', 1, 5, { ok: true, next: 1 }],
  ])('%s', (_label, user, item, delta, budget, result) => {
    expect(canVote(votes, user, item, delta, budget)).toEqual(result);
  });
});
