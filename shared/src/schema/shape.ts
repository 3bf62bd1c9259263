import { z } from 'zod';
import { baseItemShape, colorValidator } from './common';
import { inkColorValidator } from './ink';
import { planningFieldsShape } from './planning-fields';
import { fontSizeValidator } from './text';

export const SHAPE_TYPE = 'shape' as const;

export const SHAPE_KINDS = ['rect', 'ellipse', 'diamond'] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** Stroke widths in board units; 0 draws no outline. */
/** The widest stroke an item may have (board units). */
export const MAX_STROKE_WIDTH = 64;
export const strokeWidthValidator = z.number().finite().min(0).max(MAX_STROKE_WIDTH);

export const shapeValidator = z.object({
  ...baseItemShape,
  ...planningFieldsShape,
  type: z.literal(SHAPE_TYPE),
  kind: z.enum(SHAPE_KINDS),
  text: z.string().max(10_000),
  /** Fill colour. */
  color: colorValidator,
  /** Outline colour. */
  stroke: inkColorValidator,
  strokeWidth: strokeWidthValidator,
  fontSize: fontSizeValidator,
});

/** A geometric shape with optional centred text: boxes, decisions, milestones. */
export type ShapeItem = z.infer<typeof shapeValidator>;

/** Defaults for a new shape, apart from identity and position. */
export const shapeDefaults = {
  w: 200,
  h: 120,
  rotation: 0,
  kind: 'rect',
  text: '',
  color: 'white',
  stroke: 'black',
  strokeWidth: 2,
  fontSize: 20,
} as const satisfies Partial<ShapeItem>;

export function isShape(item: { type: string }): item is ShapeItem {
  return item.type === SHAPE_TYPE;
}

/** A new shape with defaults filled in. */
export function makeShape(
  fields: Pick<ShapeItem, 'id' | 'x' | 'y' | 'z' | 'createdBy'> & Partial<ShapeItem>,
  now: number = Date.now(),
): ShapeItem {
  return { ...shapeDefaults, createdAt: now, ...fields, type: SHAPE_TYPE };
}
