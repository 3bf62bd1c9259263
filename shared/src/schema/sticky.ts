import { z } from 'zod';
import { baseItemShape, colorValidator } from './common';
import { planningFieldsShape } from './planning-fields';

export const STICKY_TYPE = 'sticky' as const;

export const stickyValidator = z.object({
  ...baseItemShape,
  ...planningFieldsShape,
  type: z.literal(STICKY_TYPE),
  text: z.string().max(10_000),
  color: colorValidator,
});

/** A sticky note: a coloured square with text, the workhorse of a planning board. */
export type StickyItem = z.infer<typeof stickyValidator>;

export const STICKY_SIZE = 200;

/** Defaults for a new sticky note, apart from identity and position. */
export const stickyDefaults = {
  w: STICKY_SIZE,
  h: STICKY_SIZE,
  rotation: 0,
  text: '',
  color: 'yellow',
} as const satisfies Partial<StickyItem>;

export function isSticky(item: { type: string }): item is StickyItem {
  return item.type === STICKY_TYPE;
}

/** A new sticky note with defaults filled in. */
export function makeSticky(
  fields: Pick<StickyItem, 'id' | 'x' | 'y' | 'z' | 'createdBy'> & Partial<StickyItem>,
  now: number = Date.now(),
): StickyItem {
  return { ...stickyDefaults, createdAt: now, ...fields, type: STICKY_TYPE };
}
