import { describe, expect, it } from 'vitest';
import { RISK_STATES, canMoveRisk, checkRisk, riskValidator, roamColumns } from './roam';
import type { Risk, RiskDraft, RiskState } from './roam';

describe('canMoveRisk', () => {
  it.each<[string, RiskState, string | undefined, RiskState, string | null]>([
    // [label, from, owner, to, error]
    ['a new risk is resolved', 'new', undefined, 'resolved', null],
    ['a new risk is accepted', 'new', '', 'accepted', null],
    ['a new risk is mitigated', 'new', undefined, 'mitigated', null],
    ['a new risk with an owner is owned', 'new', 'Ada', 'owned', null],
    ['a risk without an owner cannot be owned', 'new', undefined, 'owned', 'Name an owner'],
    ['a blank owner is no owner', 'accepted', '  ', 'owned', 'Name an owner'],
    ['an owned risk is mitigated', 'owned', 'Ada', 'mitigated', null],
    ['a mitigated risk is resolved', 'mitigated', 'Ada', 'resolved', null],
    ['a resolved risk comes back', 'resolved', undefined, 'new', null],
    ['an accepted risk is owned after all', 'accepted', 'Bob', 'owned', null],
    ['staying put is no move', 'owned', 'Ada', 'owned', 'already'],
    ['an unknown state', 'new', undefined, 'ignored' as RiskState, 'Not a risk state'],
  ])('%s', (_label, state, owner, to, error) => {
    const move = canMoveRisk({ state, ...(owner === undefined ? {} : { owner }) }, to);
    if (error === null) expect(move).toEqual({ ok: true });
    else expect(!move.ok && move.reason).toContain(error);
  });

  it('every state can reach every other (owned with an owner)', () => {
    for (const from of RISK_STATES)
      for (const to of RISK_STATES)
        expect(canMoveRisk({ state: from, owner: 'Ada' }, to).ok).toBe(from !== to);
  });
});

describe('checkRisk', () => {
  const teams = new Set(['pay']);
  const items = new Set(['card-1']);
  const draft: RiskDraft = { text: ' Vendor late ', owner: ' Ada ', teamId: 'pay', itemId: null };
  it.each<[string, RiskDraft, string | null]>([
    ['a risk of a team', draft, null],
    ['a risk on a card', { ...draft, teamId: null, itemId: 'card-1' }, null],
    ['an unlinked risk', { ...draft, teamId: null, owner: '' }, null],
    ['no text', { ...draft, text: ' ' }, 'needs a text'],
    ['a long text', { ...draft, text: 'r'.repeat(501) }, 'at most 500'],
    ['a long owner', { ...draft, owner: 'o'.repeat(201) }, 'at most 200'],
    ['an unknown team', { ...draft, teamId: 'ops' }, 'team'],
    ['an unknown card', { ...draft, itemId: 'gone' }, 'card'],
  ])('%s', (_label, input, error) => {
    const check = checkRisk(input, teams, items);
    if (error === null)
      expect(check).toEqual({
        ok: true,
        draft: { ...input, text: input.text.trim(), owner: input.owner.trim() },
      });
    else expect(!check.ok && check.reason).toContain(error);
  });
});

describe('riskValidator', () => {
  const base = { id: 'r1', text: 'Late vendor', state: 'new' };
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a new risk', base, true],
    ['an owned one', { ...base, state: 'owned', owner: 'Ada', teamId: 'pay', itemId: 'c' }, true],
    ['an unknown state', { ...base, state: 'ignored' }, false],
    ['no text', { ...base, text: '' }, false],
    ['an empty team id', { ...base, teamId: '' }, false],
  ])('%s', (_label, record, valid) => {
    expect(riskValidator.safeParse(record).success).toBe(valid);
  });
});

describe('roamColumns', () => {
  it('puts every risk in its state column, oldest first', () => {
    const risk = (id: string, state: RiskState, createdAt: number): Risk => ({
      id,
      text: id,
      state,
      createdAt,
    });
    const columns = roamColumns([
      risk('b', 'owned', 2),
      risk('a', 'owned', 1),
      risk('n', 'new', 0),
      risk('m', 'mitigated', 3),
    ]);
    expect(
      Object.fromEntries(Object.entries(columns).map(([s, r]) => [s, r.map((x) => x.id)])),
    ).toEqual({ new: ['n'], resolved: [], owned: ['a', 'b'], accepted: [], mitigated: ['m'] });
  });
});
