import { describe, expect, it } from 'vitest';
import {
  confidenceBallotValidator,
  confidenceResults,
  confidenceVerdict,
  isConfidenceValue,
} from './confidence';
import type { ConfidenceBallot } from './confidence';
import { NO_TEAM } from './votes';

describe('isConfidenceValue', () => {
  it.each<[unknown, boolean]>([
    [1, true],
    [5, true],
    [3, true],
    [0, false],
    [6, false],
    [2.5, false],
    ['4', false],
    [null, false],
  ])('%j → %s', (value, expected) => expect(isConfidenceValue(value)).toBe(expected));
});

const b = (value: number, teamId: string | null): ConfidenceBallot => ({ value, teamId });

describe('confidenceResults', () => {
  it.each<[string, Record<string, ConfidenceBallot>, unknown]>([
    [
      'no ballots',
      {},
      { overall: { votes: 0, average: null, distribution: [0, 0, 0, 0, 0] }, byTeam: {} },
    ],
    [
      'two teams and a voter without a team',
      { ada: b(4, 'pay'), bob: b(2, 'pay'), cy: b(5, 'search'), dee: b(3, null) },
      {
        overall: { votes: 4, average: 3.5, distribution: [0, 1, 1, 1, 1] },
        byTeam: {
          pay: { votes: 2, average: 3, distribution: [0, 1, 0, 1, 0] },
          search: { votes: 1, average: 5, distribution: [0, 0, 0, 0, 1] },
          [NO_TEAM]: { votes: 1, average: 3, distribution: [0, 0, 1, 0, 0] },
        },
      },
    ],
    [
      'an average rounded to one decimal',
      { a: b(1, 't'), b: b(1, 't'), c: b(2, 't') },
      {
        overall: { votes: 3, average: 1.3, distribution: [2, 1, 0, 0, 0] },
        byTeam: { t: { votes: 3, average: 1.3, distribution: [2, 1, 0, 0, 0] } },
      },
    ],
    [
      'invalid ballots do not count',
      { a: b(7, 't'), b: b(0, 't'), c: { value: 2.5, teamId: 't' }, d: b(5, 't') },
      {
        overall: { votes: 1, average: 5, distribution: [0, 0, 0, 0, 1] },
        byTeam: { t: { votes: 1, average: 5, distribution: [0, 0, 0, 0, 1] } },
      },
    ],
  ])('%s', (_label, ballots, expected) => {
    expect(confidenceResults(ballots)).toEqual(expected);
  });
});

describe('confidenceVerdict', () => {
  it.each<[number | null, string]>([
    [null, 'none'],
    [1, 'low'],
    [2.9, 'low'],
    [3, 'ok'],
    [3.9, 'ok'],
    [4, 'high'],
    [5, 'high'],
  ])('%s → %s', (average, verdict) => expect(confidenceVerdict(average)).toBe(verdict));
});

describe('confidenceBallotValidator', () => {
  it.each<[unknown, boolean]>([
    [{ value: 3, teamId: 'pay' }, true],
    [{ value: 3, teamId: null }, true],
    [{ value: 3 }, false],
    [{ value: 9, teamId: null }, false],
    [3, false],
  ])('%j → %s', (ballot, valid) => {
    expect(confidenceBallotValidator.safeParse(ballot).success).toBe(valid);
  });
});
