import { describe, expect, it } from 'vitest';
import {
  checkObjective,
  objectiveValidator,
  parseBusinessValue,
  sortObjectives,
  summarizeObjectives,
} from './objectives';
import type { Objective, ObjectiveDraft } from './objectives';

const teams = new Set(['pay', 'search']);

describe('checkObjective', () => {
  it.each<[string, ObjectiveDraft, string | null]>([
    ['a committed objective', { teamId: 'pay', text: ' Ship SEPA ', kind: 'committed' }, null],
    ['a stretch objective', { teamId: 'search', text: 'Fuzzy search', kind: 'stretch' }, null],
    ['an empty text', { teamId: 'pay', text: '   ', kind: 'committed' }, 'needs a text'],
    ['a long text', { teamId: 'pay', text: 'x'.repeat(501), kind: 'stretch' }, 'at most 500'],
    ['an unknown team', { teamId: 'ops', text: 'Run', kind: 'committed' }, 'Pick a team'],
    ['an unknown kind', { teamId: 'pay', text: 'Run', kind: 'maybe' as never }, 'committed or'],
  ])('%s', (_label, draft, error) => {
    const check = checkObjective(draft, teams);
    if (error === null) {
      expect(check).toEqual({ ok: true, draft: { ...draft, text: draft.text.trim() } });
    } else {
      expect(check.ok).toBe(false);
      expect(!check.ok && check.reason).toContain(error);
    }
  });
});

describe('parseBusinessValue', () => {
  it.each<[string, boolean, number | null | undefined]>([
    ['7', false, 7],
    [' 10 ', false, 10],
    ['1', false, 1],
    ['', false, null],
    ['0', false, undefined],
    ['11', false, undefined],
    ['3.5', false, undefined],
    ['-2', false, undefined],
    ['abc', false, undefined],
    ['0', true, 0],
    ['10', true, 10],
    ['11', true, undefined],
  ])('%j (actual: %s) → %s', (input, actual, expected) => {
    expect(parseBusinessValue(input, actual)).toBe(expected);
  });
});

describe('objectiveValidator', () => {
  const base = { id: 'o1', teamId: 'pay', text: 'Ship', kind: 'committed' };
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a plain objective', base, true],
    ['with values', { ...base, businessValue: 8, actualValue: 6 }, true],
    ['a business value of 0', { ...base, businessValue: 0 }, false],
    ['a business value of 11', { ...base, businessValue: 11 }, false],
    ['a fractional value', { ...base, businessValue: 2.5 }, false],
    ['no team', { ...base, teamId: undefined }, false],
    ['another kind', { ...base, kind: 'wish' }, false],
  ])('%s', (_label, record, valid) => {
    expect(objectiveValidator.safeParse(record).success).toBe(valid);
  });
});

const objective = (
  id: string,
  teamId: string,
  kind: Objective['kind'],
  businessValue?: number,
  actualValue?: number,
  createdAt = 0,
): Objective => ({
  id,
  teamId,
  text: id,
  kind,
  createdAt,
  ...(businessValue === undefined ? {} : { businessValue }),
  ...(actualValue === undefined ? {} : { actualValue }),
});

describe('summarizeObjectives', () => {
  it.each<[string, Objective[], Record<string, unknown>]>([
    ['nothing', [], {}],
    [
      'planned counts committed only; actual counts stretch too',
      [
        objective('a', 'pay', 'committed', 8, 6),
        objective('b', 'pay', 'committed', 4, 4),
        objective('c', 'pay', 'stretch', 5, 3),
      ],
      { pay: { committed: 2, stretch: 1, planned: 12, actual: 13, achievement: 108 } },
    ],
    [
      'no achievement before any actual value',
      [objective('a', 'search', 'committed', 5)],
      { search: { committed: 1, stretch: 0, planned: 5, actual: 0, achievement: null } },
    ],
    [
      'no achievement without a planned value',
      [objective('a', 'search', 'stretch', 5, 5), objective('b', 'ops', 'committed')],
      {
        search: { committed: 0, stretch: 1, planned: 0, actual: 5, achievement: null },
        ops: { committed: 1, stretch: 0, planned: 0, actual: 0, achievement: null },
      },
    ],
  ])('%s', (_label, objectives, expected) => {
    expect(summarizeObjectives(objectives)).toEqual(expected);
  });
});

describe('sortObjectives', () => {
  it('orders by team, committed first, then age', () => {
    const sorted = sortObjectives([
      objective('s1', 'search', 'committed', undefined, undefined, 1),
      objective('p2', 'pay', 'stretch', undefined, undefined, 0),
      objective('p1', 'pay', 'committed', undefined, undefined, 5),
      objective('p0', 'pay', 'committed', undefined, undefined, 2),
    ]);
    expect(sorted.map((o) => o.id)).toEqual(['p0', 'p1', 'p2', 's1']);
  });
});
