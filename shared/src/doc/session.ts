import type * as Y from 'yjs';
import type { z } from 'zod';
import { followValidator, summonValidator, timerValidator } from '../schema/session';
import type { Follow, SessionTimer, Summon } from '../schema/session';
import { MAP, SESSION_KEY } from './keys';

/*
 * Session state of a meeting in progress, kept in the document's `session` map so everyone sees
 * it live and late joiners get it on sync. Only facilitators may write it (the server reverts
 * anyone else's change). Keys: `timer`, `summon`, `follow`; each value is one plain record, so a
 * change is one atomic write.
 */

export {
  followValidator,
  sessionViewportValidator,
  summonValidator,
  timerValidator,
} from '../schema/session';
export type { Follow, SessionTimer, SessionViewport, Summon } from '../schema/session';

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MAP.session);
}

function readValue<T>(doc: Y.Doc, key: string, validator: z.ZodType<T>): T | null {
  const value = sessionMap(doc).get(key);
  // Nothing set (the usual case): no parse, so a board opening never builds these lazy schemas.
  if (value === undefined) return null;
  const parsed = validator.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function writeValue(doc: Y.Doc, key: string, value: unknown, origin?: unknown): void {
  doc.transact(() => {
    if (value === null) sessionMap(doc).delete(key);
    else sessionMap(doc).set(key, value);
  }, origin);
}

export function readTimer(doc: Y.Doc): SessionTimer | null {
  return readValue(doc, SESSION_KEY.timer, timerValidator);
}

export function writeTimer(doc: Y.Doc, timer: SessionTimer | null, origin?: unknown): void {
  writeValue(doc, SESSION_KEY.timer, timer, origin);
}

export function readSummon(doc: Y.Doc): Summon | null {
  return readValue(doc, SESSION_KEY.summon, summonValidator);
}

export function writeSummon(doc: Y.Doc, summon: Summon, origin?: unknown): void {
  writeValue(doc, SESSION_KEY.summon, summon, origin);
}

export function readFollow(doc: Y.Doc): Follow | null {
  return readValue(doc, SESSION_KEY.follow, followValidator);
}

export function writeFollow(doc: Y.Doc, follow: Follow | null, origin?: unknown): void {
  writeValue(doc, SESSION_KEY.follow, follow, origin);
}

/** Milliseconds left on `timer` at `now` (may be negative once it ran out). */
export function timerRemaining(timer: SessionTimer, now: number): number {
  return timer.startedAt === null ? timer.remainingMs : timer.remainingMs - (now - timer.startedAt);
}

/** A timer set to `durationMs`, paused. */
export function setTimer(durationMs: number): SessionTimer {
  return { durationMs, remainingMs: durationMs, startedAt: null };
}

export function startTimer(timer: SessionTimer, now: number): SessionTimer {
  if (timer.startedAt !== null) return timer;
  return { ...timer, startedAt: now };
}

export function pauseTimer(timer: SessionTimer, now: number): SessionTimer {
  if (timer.startedAt === null) return timer;
  return { ...timer, remainingMs: timerRemaining(timer, now), startedAt: null };
}

/** Adds `ms` to the time left (and to the duration, so progress stays meaningful). */
export function addTime(timer: SessionTimer, ms: number, now: number): SessionTimer {
  const remaining = Math.max(0, timerRemaining(timer, now)) + ms;
  return {
    durationMs: timer.durationMs + ms,
    remainingMs: remaining,
    startedAt: timer.startedAt === null ? null : now,
  };
}
