import { z } from 'zod';
import { baseItemShape } from './common';
import { inkColorValidator } from './ink';
import { strokeWidthValidator } from './shape';

export const PEN_TYPE = 'pen' as const;

/** A long scribble is simplified by the client long before it reaches this many coordinates. */
export const MAX_PEN_COORDINATES = 20_000;

export const penValidator = z.object({
  ...baseItemShape,
  type: z.literal(PEN_TYPE),
  /**
   * Flat list x0, y0, x1, y1, … relative to the item's x/y: flat because Konva's Line takes it so,
   * and one number array is far cheaper in a Y.Map than an array of point objects.
   */
  points: z
    .array(z.number().finite())
    .min(2)
    .max(MAX_PEN_COORDINATES)
    .refine((points) => points.length % 2 === 0, 'points must hold x, y pairs'),
  color: inkColorValidator,
  strokeWidth: strokeWidthValidator.positive(),
});

/** A freehand stroke. */
export type PenItem = z.infer<typeof penValidator>;

/** Defaults for a new pen stroke, apart from identity, position and points. */
export const penDefaults = {
  rotation: 0,
  color: 'black',
  strokeWidth: 3,
} as const satisfies Partial<PenItem>;

export function isPen(item: { type: string }): item is PenItem {
  return item.type === PEN_TYPE;
}

/** The bounding box of relative points; at least one unit wide and high so it validates. */
export function penBounds(points: readonly number[]) {
  let maxX = 0;
  let maxY = 0;
  for (let i = 0; i + 1 < points.length; i += 2) {
    maxX = Math.max(maxX, points[i]!);
    maxY = Math.max(maxY, points[i + 1]!);
  }
  return { w: Math.max(1, maxX), h: Math.max(1, maxY) };
}

/** A new pen stroke with defaults filled in; w/h default to the extent of the points. */
export function makePen(
  fields: Pick<PenItem, 'id' | 'x' | 'y' | 'z' | 'createdBy' | 'points'> & Partial<PenItem>,
  now: number = Date.now(),
): PenItem {
  return { ...penDefaults, ...penBounds(fields.points), createdAt: now, ...fields, type: PEN_TYPE };
}
