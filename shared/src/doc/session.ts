import type * as Y from 'yjs';
import { z } from 'zod';
import { SESSION_MAP } from './reconcile';

/*
 * Session state of a meeting in progress, kept in the document's `session` map so everyone sees
 * it live and late joiners get it on sync. Only facilitators may write it (the server reverts
 * anyone else's change). Keys: `timer`, `summon`, `follow`; each value is one plain record, so a
 * change is one atomic write.
 */

const finite = z.number().finite();

/** A countdown: running when `startedAt` is set (remaining = remainingMs - (now - startedAt)). */
export const timerValidator = z.object({
  /** The length it was set to, for display ("of 5:00"). */
  durationMs: finite.nonnegative(),
  /** Time left when it was last started or paused. */
  remainingMs: finite,
  /** Epoch ms when it was started; null while paused or not started. */
  startedAt: finite.nullable(),
});
export type SessionTimer = z.infer<typeof timerValidator>;

/** A viewport in board coordinates: the board point at the centre of the screen and the zoom. */
export const sessionViewportValidator = z.object({
  x: finite,
  y: finite,
  scale: finite.positive(),
});
export type SessionViewport = z.infer<typeof sessionViewportValidator>;

/** "Bring everyone to me": a one-shot jump; `id` changes with every summon. */
export const summonValidator = z.object({
  id: z.string().min(1).max(64),
  by: z.string().max(200),
  at: finite,
  viewport: sessionViewportValidator,
});
export type Summon = z.infer<typeof summonValidator>;

/** "Follow me": participants follow the facilitator with this awareness client id until they move. */
export const followValidator = z.object({
  clientId: z.number().int(),
  by: z.string().max(200),
  /** Changes with every "follow me", so someone who stopped following picks the next one up. */
  id: z.string().min(1).max(64),
});
export type Follow = z.infer<typeof followValidator>;

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SESSION_MAP);
}

function readValue<T>(doc: Y.Doc, key: string, validator: z.ZodType<T>): T | null {
  const parsed = validator.safeParse(sessionMap(doc).get(key));
  return parsed.success ? parsed.data : null;
}

function writeValue(doc: Y.Doc, key: string, value: unknown, origin?: unknown): void {
  doc.transact(() => {
    if (value === null) sessionMap(doc).delete(key);
    else sessionMap(doc).set(key, value);
  }, origin);
}

export function readTimer(doc: Y.Doc): SessionTimer | null {
  return readValue(doc, 'timer', timerValidator);
}

export function writeTimer(doc: Y.Doc, timer: SessionTimer | null, origin?: unknown): void {
  writeValue(doc, 'timer', timer, origin);
}

export function readSummon(doc: Y.Doc): Summon | null {
  return readValue(doc, 'summon', summonValidator);
}

export function writeSummon(doc: Y.Doc, summon: Summon, origin?: unknown): void {
  writeValue(doc, 'summon', summon, origin);
}

export function readFollow(doc: Y.Doc): Follow | null {
  return readValue(doc, 'follow', followValidator);
}

export function writeFollow(doc: Y.Doc, follow: Follow | null, origin?: unknown): void {
  writeValue(doc, 'follow', follow, origin);
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
