import { z } from 'zod';

/*
 * Records of the meeting in progress, kept in the document's `session` map (see doc/session.ts).
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
