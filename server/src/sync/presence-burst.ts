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
 * The state arrives decoded (see RoomPresence's state check, which decodes only states that may
 * need a change).
 */
export class PresenceBursts {
  private readonly limiters = new WeakMap<Connection, BurstLimiter>();
  /** Per presence client id, its newest burst and whether it went out. */
  private readonly seen = new Map<number, SeenBurst>();

  /**
   * Bounds the `burst` of a state `connection` sent for `clientId`, in place: whether it changed
   * (then the state must be encoded again).
   */
  bound(
    connection: Connection,
    clientId: number,
    state: Record<string, unknown>,
    now: number,
  ): boolean {
    if (!('burst' in state)) return false;
    const burst = readBurst(state.burst);
    if (burst && this.allowed(connection, clientId, burst.n, now)) {
      if (JSON.stringify(burst) === JSON.stringify(state.burst)) return false;
      state.burst = burst;
    } else delete state.burst;
    return true;
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
