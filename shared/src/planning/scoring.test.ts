import { describe, expect, it } from 'vitest';
import {
  RICE_IMPACT_SCALE,
  WSJF_SCALE,
  itemScore,
  normalizeConfidence,
  riceScore,
  wsjfScore,
} from './scoring';

describe('wsjfScore', () => {
  it.each<[string, Parameters<typeof wsjfScore>[0], number | null]>([
    [
      'the textbook example',
      { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 },
      4,
    ],
    [
      'a fractional result',
      { businessValue: 1, timeCriticality: 1, riskReduction: 1, jobSize: 2 },
      1.5,
    ],
    [
      'zero cost of delay',
      { businessValue: 0, timeCriticality: 0, riskReduction: 0, jobSize: 5 },
      0,
    ],
    ['job size zero', { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 0 }, null],
    [
      'negative job size',
      { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: -1 },
      null,
    ],
    ['a missing input', { businessValue: 8, timeCriticality: 5, jobSize: 2 }, null],
    [
      'a NaN input',
      { businessValue: Number.NaN, timeCriticality: 5, riskReduction: 1, jobSize: 2 },
      null,
    ],
    ['no WSJF at all', undefined, null],
    ['null', null, null],
  ])('%s', (_label, input, expected) => {
    expect(wsjfScore(input)).toBe(expected);
  });

  it('documents a Fibonacci-like scale up to 20', () => {
    expect(WSJF_SCALE[0]).toBe(1);
    expect(WSJF_SCALE.at(-1)).toBe(20);
  });
});

describe('riceScore', () => {
  it.each<[string, Parameters<typeof riceScore>[0], number | null]>([
    ['confidence as a fraction', { reach: 1000, impact: 2, confidence: 0.8, effort: 4 }, 400],
    ['confidence as a percentage', { reach: 1000, impact: 2, confidence: 80, effort: 4 }, 400],
    ['confidence 1 is 100%', { reach: 10, impact: 1, confidence: 1, effort: 1 }, 10],
    ['confidence 100%', { reach: 10, impact: 1, confidence: 100, effort: 1 }, 10],
    ['zero confidence', { reach: 10, impact: 1, confidence: 0, effort: 1 }, 0],
    ['minimal impact', { reach: 100, impact: 0.25, confidence: 0.5, effort: 0.5 }, 25],
    ['zero effort', { reach: 10, impact: 1, confidence: 1, effort: 0 }, null],
    ['confidence above 100', { reach: 10, impact: 1, confidence: 150, effort: 1 }, null],
    ['negative confidence', { reach: 10, impact: 1, confidence: -0.5, effort: 1 }, null],
    ['a missing input', { reach: 10, impact: 1, effort: 1 }, null],
    ['no RICE at all', undefined, null],
  ])('%s', (_label, input, expected) => {
    const score = riceScore(input);
    if (expected === null) expect(score).toBeNull();
    else expect(score).toBeCloseTo(expected);
  });

  it.each([
    [0, 0],
    [0.5, 0.5],
    [1, 1],
    [50, 0.5],
    [100, 1],
    [101, null],
    [-1, null],
    [Number.NaN, null],
  ])('normalises confidence %s to %s', (input, expected) => {
    expect(normalizeConfidence(input)).toBe(expected);
  });

  it('documents the impact scale', () => {
    expect(RICE_IMPACT_SCALE).toEqual([0.25, 0.5, 1, 2, 3]);
  });
});

describe('itemScore', () => {
  const item = {
    wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 },
    rice: { reach: 10, impact: 1, confidence: 1, effort: 2 },
  };
  it.each([
    ['wsjf', item, 4],
    ['rice', item, 5],
    ['wsjf', {}, null],
    ['rice', { wsjf: item.wsjf }, null],
  ] as const)('scores by %s', (method, input, expected) => {
    expect(itemScore(input, method)).toBe(expected);
  });
});
