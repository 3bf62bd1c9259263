import {
  BurstLimiter,
  SERVER_BURST_FLURRY,
  SERVER_BURSTS_PER_SECOND,
  readBurst,
} from '@weboard/shared';
import type { Connection } from './connection';

/** What was decided about one client id's newest burst. */
interface SeenBurst {
  n: number;
  allowed: boolean;
}

/**
 * The server's bound on emoji bursts in presence (see shared/src/protocol/burst.ts). A state's
 * `burst` field is kept only when it is exactly a burst (so it is a few dozen bytes whatever the
 * client sent) and its connection stays within SERVER_BURSTS_PER_SECOND; otherwise the field is
 * dropped from the state before anyone receives it, the rest of the presence going on as sent.
 *
 * Only states that mention `burst` are decoded: WeBoard's client carries one for 1.5 s after a
 * burst, so the cursor path at 20 Hz otherwise pays one substring search per state.
 */
export class PresenceBursts {
  private readonly limiters = new WeakMap<Connection, BurstLimiter>();
  /** Per presence client id, its newest burst and whether it went out. */
  private readonly seen = new Map<number, SeenBurst>();

  /** The state JSON to accept from `connection` for `clientId`: `json` itself when it is fine. */
  check(connection: Connection, clientId: number, json: string, now: number): string {
    if (!json.includes('"burst"')) return json;
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      // Not JSON at all: y-protocols refuses the message when it applies it.
      return json;
    }
    if (!state || typeof state !== 'object' || !('burst' in state)) return json;
    const fields = state as Record<string, unknown>;
    const burst = readBurst(fields.burst);
    if (burst && this.allowed(connection, clientId, burst.n, now)) {
      if (JSON.stringify(burst) === JSON.stringify(fields.burst)) return json;
      fields.burst = burst;
    } else delete fields.burst;
    return JSON.stringify(fields);
  }

  /** Forgets a client id that left. */
  forget(clientId: number): void {
    this.seen.delete(clientId);
  }

  private allowed(connection: Connection, clientId: number, n: number, now: number): boolean {
    const seen = this.seen.get(clientId);
    // The same burst again (the state carries it while the cursor moves): as decided the first time.
    if (seen?.n === n) return seen.allowed;
    let limiter = this.limiters.get(connection);
    if (!limiter) {
      limiter = new BurstLimiter(SERVER_BURSTS_PER_SECOND, SERVER_BURST_FLURRY);
      this.limiters.set(connection, limiter);
    }
    const allowed = limiter.take(now);
    this.seen.set(clientId, { n, allowed });
    if (!allowed) connection.log.debug({ clientId }, 'dropped an emoji burst over the rate');
    return allowed;
  }
}
