import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it.each([
    [1, 250, 500],
    [2, 500, 1000],
    [3, 1000, 2000],
    [5, 4000, 8000],
    [6, 7500, 15000],
    [40, 7500, 15000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(reconnectDelay(attempt, () => 0)).toBe(low);
    expect(reconnectDelay(attempt, () => 0.999999)).toBeCloseTo(high, 0);
  });

  it('spreads clients that lost the server at the same moment over the whole window', () => {
    const delays = Array.from({ length: 2000 }, () => reconnectDelay(1));
    const buckets = [0, 0, 0, 0, 0];
    for (const delay of delays) buckets[Math.min(4, Math.floor((delay - 250) / 50))]! += 1;
    // Uniform over 250–500 ms: every 50 ms slice gets about a fifth (400 ± generous noise).
    for (const count of buckets) expect(count).toBeGreaterThan(250);
  });
});
