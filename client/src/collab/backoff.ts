import { CloseCode } from '@weboard/shared';

/** First retry waits about this long; each failed attempt doubles it. */
const BASE_DELAY_MS = 500;
/** Longest wait between two attempts. */
const MAX_DELAY_MS = 15_000;

/**
 * How long to wait before reconnect attempt `attempt` (1 for the first retry): exponential backoff
 * with "equal jitter" — a uniformly random point in the upper half of the window. The jitter
 * matters after a server restart: thousands of clients lose their socket in the same millisecond,
 * and without it they would all come back in the same millisecond too, and again on every retry.
 * The half that is not random keeps a client from hammering a server that is still down.
 *
 * attempt 1: 250–500 ms, 2: 0.5–1 s, 3: 1–2 s, 4: 2–4 s, 5: 4–8 s, from 6: 7.5–15 s.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const window = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return window / 2 + random() * (window / 2);
}

/**
 * After a rate close (4529) the first retry is treated as this attempt (2–4 s): the server asked us
 * to slow down, and a full board needs a moment to make room.
 */
const RATE_LIMITED_FIRST_ATTEMPT = 4;

/** The wait before reconnect attempt `attempt` after the server closed us with `closeCode`. */
export function reconnectDelayAfter(
  closeCode: number | undefined,
  attempt: number,
  random: () => number = Math.random,
): number {
  const slowDown = closeCode === CloseCode.RateLimited;
  return reconnectDelay(slowDown ? Math.max(RATE_LIMITED_FIRST_ATTEMPT, attempt) : attempt, random);
}
