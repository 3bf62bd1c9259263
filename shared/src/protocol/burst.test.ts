import { describe, expect, it } from 'vitest';
import { BURST_FLURRY, BURSTS_PER_SECOND, BurstLimiter, readBurst } from './burst';

describe('readBurst', () => {
  it('keeps exactly the fields of a burst', () => {
    expect(readBurst({ n: 3, emoji: '🎉', x: 10.5, y: -4, extra: 'x'.repeat(10_000) })).toEqual({
      n: 3,
      emoji: '🎉',
      x: 10.5,
      y: -4,
    });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['an array', [1, '🎉', 0, 0]],
    ['an emoji not offered', { n: 1, emoji: '💩', x: 0, y: 0 }],
    ['a long string for an emoji', { n: 1, emoji: '🎉'.repeat(100), x: 0, y: 0 }],
    ['a fractional n', { n: 1.5, emoji: '🎉', x: 0, y: 0 }],
    ['a negative n', { n: -1, emoji: '🎉', x: 0, y: 0 }],
    ['a point off the board', { n: 1, emoji: '🎉', x: 1e12, y: 0 }],
    ['a point that is not a number', { n: 1, emoji: '🎉', x: '0', y: 0 }],
  ])('refuses %s', (_name, value) => {
    expect(readBurst(value)).toBeNull();
  });
});

describe('BurstLimiter', () => {
  it('allows a flurry, then a few a second', () => {
    const limiter = new BurstLimiter();
    let sent = 0;
    for (let i = 0; i < 20; i++) if (limiter.take(0)) sent++;
    expect(sent).toBe(BURST_FLURRY);
    expect(limiter.take(10)).toBe(false);
    // Over the next two seconds, one every interval gets through.
    sent = 0;
    for (let t = 0; t <= 2000; t += 50) if (limiter.take(t)) sent++;
    expect(sent).toBe(2 * BURSTS_PER_SECOND);
  });

  it('never banks more than a flurry however long it waits, nor goes back in time', () => {
    const limiter = new BurstLimiter(2, 3);
    expect([0, 0, 0, 0].map(() => limiter.take(60_000))).toEqual([true, true, true, false]);
    expect(limiter.take(1_000)).toBe(false);
  });
});
