/*
 * Emoji bursts: a short-lived emoji floating up at a person's cursor that everyone sees (Miro's
 * and FigJam's cursor reactions). A burst is presence, never part of the board: the sender's
 * awareness state carries its newest one as `burst` for BURST_LIFETIME_MS, and every other page
 * that sees a new `n` plays it once at `x, y`. The server checks the field like the rest of a
 * presence state (see server/src/sync/presence-burst.ts): a burst that does not fit is dropped
 * from the state, and so is one over the server's rate.
 */

/** The emojis a burst can carry, in the picker's order (keys 1–6). */
export const BURST_EMOJIS = ['👍', '❤️', '😂', '🎉', '👀', '❓'] as const;
export type BurstEmoji = (typeof BURST_EMOJIS)[number];

/** One burst in a presence state: the sender's sequence number, the emoji and where (board). */
export interface Burst {
  /** Grows by one per burst of this presence client id: a new `n` is a new burst. */
  n: number;
  emoji: BurstEmoji;
  x: number;
  y: number;
}

/** How long a burst floats and how long the sender's presence carries it. */
export const BURST_LIFETIME_MS = 1500;

/** Bursts one person may send: a flurry of BURST_FLURRY, then this many a second. */
export const BURSTS_PER_SECOND = 3;
export const BURST_FLURRY = 5;

/**
 * What the server lets through per connection before it drops bursts from the state: above the
 * client's own limit, so network jitter that bunches an honest client's bursts never costs one.
 */
export const SERVER_BURSTS_PER_SECOND = 5;
export const SERVER_BURST_FLURRY = 10;

/** Board coordinates beyond this are nobody's cursor (and keep the JSON short). */
const MAX_COORDINATE = 1e9;

function isCoordinate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

/**
 * The burst a presence state's `burst` field holds, with exactly the fields of {@link Burst}, or
 * null when it is absent or does not fit (an unknown emoji, a non-integer `n`, a bad point).
 */
export function readBurst(value: unknown): Burst | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { n, emoji, x, y } = value as Record<string, unknown>;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return null;
  if (!(BURST_EMOJIS as readonly unknown[]).includes(emoji)) return null;
  if (!isCoordinate(x) || !isCoordinate(y)) return null;
  return { n, emoji: emoji as BurstEmoji, x, y };
}

/**
 * A token bucket for bursts: `flurry` at once, refilled at `perSecond`. Time comes from the
 * caller (milliseconds, any monotonic clock), so tests and the server's tick share one.
 */
export class BurstLimiter {
  private tokens: number;
  private last: number | null = null;

  constructor(
    private readonly perSecond = BURSTS_PER_SECOND,
    private readonly flurry = BURST_FLURRY,
  ) {
    this.tokens = flurry;
  }

  /** Takes one burst at `now`; false when over the limit (nothing is taken then). */
  take(now: number): boolean {
    if (this.last !== null)
      this.tokens = Math.min(
        this.flurry,
        this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond,
      );
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
