import { describe, expect, it } from 'vitest';
import { distinctColor, PRESENCE_COLORS } from './identity';

const [RED, PINK, GRAPE] = PRESENCE_COLORS;

describe('distinct cursor colours', () => {
  it.each([
    ['alone keeps its colour', RED!, 5, [], null],
    ['no clash keeps its colour', RED!, 5, [{ clientId: 1, color: PINK! }], null],
    ['the earlier of two keeps its colour', RED!, 1, [{ clientId: 5, color: RED! }], null],
  ])('%s', (_name, own, id, others, expected) => {
    expect(distinctColor(own, id, others)).toBe(expected);
  });

  it('the later of two moves to a colour nobody wears', () => {
    const next = distinctColor(RED!, 5, [
      { clientId: 1, color: RED! },
      { clientId: 2, color: PINK! },
    ]);
    expect(next).not.toBeNull();
    expect([RED, PINK]).not.toContain(next);
  });

  it('with every colour taken once, a clash stays (no colour is less worn)', () => {
    const others = PRESENCE_COLORS.map((color, i) => ({ clientId: i, color }));
    expect(distinctColor(GRAPE!, 100, others)).toBeNull();
  });
});
