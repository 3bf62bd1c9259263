import { describe, expect, it } from 'vitest';
import { CloseCode, FATAL_CLOSE_CODES } from '@weboard/shared';
import { reconnectDelay, reconnectDelayAfter } from './backoff';

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

  it('waits 2–4 s after a rate close, which is retried, never final', () => {
    expect(FATAL_CLOSE_CODES).not.toContain(CloseCode.RateLimited);
    // y-websocket 3.x gives up on 4400–4499 and retries 4500–4599.
    expect(CloseCode.RateLimited).toBeGreaterThanOrEqual(4500);
    expect(CloseCode.RateLimited).toBeLessThan(4600);
    expect(reconnectDelayAfter(CloseCode.RateLimited, 1, () => 0)).toBe(2000);
    expect(reconnectDelayAfter(CloseCode.RateLimited, 6, () => 0)).toBe(7500);
    expect(reconnectDelayAfter(1006, 1, () => 0)).toBe(250);
    expect(reconnectDelayAfter(undefined, 2, () => 0)).toBe(500);
  });
});
