import { z } from 'zod';
import { baseItemShape, colorValidator } from './common';

export const FRAME_TYPE = 'frame' as const;

export const frameValidator = z.object({
  ...baseItemShape,
  type: z.literal(FRAME_TYPE),
  title: z.string().max(200),
  color: colorValidator,
  /** Binds the frame to a team: a team swimlane. Items dropped in it join the team. */
  teamId: z.string().min(1).max(64).optional(),
  /** Binds the frame to a lane (Now, Next, an iteration…). Items dropped in it join the lane. */
  laneId: z.string().min(1).max(64).optional(),
  /** A locked frame cannot be moved or edited except by a facilitator. */
  locked: z.boolean().optional(),
});

/** A titled area that groups items; bound to a team and/or lane it becomes a planning cell. */
export type FrameItem = z.infer<typeof frameValidator>;

/** Defaults for a new frame, apart from identity and position. */
export const frameDefaults = {
  w: 800,
  h: 600,
  rotation: 0,
  title: 'Frame',
  color: 'gray',
} as const satisfies Partial<FrameItem>;

export function isFrame(item: { type: string }): item is FrameItem {
  return item.type === FRAME_TYPE;
}

/** A new frame with defaults filled in. */
export function makeFrame(
  fields: Pick<FrameItem, 'id' | 'x' | 'y' | 'z' | 'createdBy'> & Partial<FrameItem>,
  now: number = Date.now(),
): FrameItem {
  return { ...frameDefaults, createdAt: now, ...fields, type: FRAME_TYPE };
}
