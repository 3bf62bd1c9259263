import { z } from 'zod';
import { baseItemShape } from './common';
import { inkColorValidator } from './ink';
import { planningFieldsShape } from './planning-fields';

export const TEXT_TYPE = 'text' as const;

/** Font sizes are in board units; the bounds keep a typo from producing an unusable item. */
export const fontSizeValidator = z.number().finite().min(4).max(512);

export const textValidator = z.object({
  ...baseItemShape,
  ...planningFieldsShape,
  type: z.literal(TEXT_TYPE),
  text: z.string().max(10_000),
  fontSize: fontSizeValidator,
  color: inkColorValidator,
});

/** Free text on the canvas: titles, labels, notes without a card behind them. */
export type TextItem = z.infer<typeof textValidator>;

/** Defaults for a new text item, apart from identity and position. */
export const textDefaults = {
  w: 240,
  h: 40,
  rotation: 0,
  text: '',
  fontSize: 24,
  color: 'black',
} as const satisfies Partial<TextItem>;

export function isText(item: { type: string }): item is TextItem {
  return item.type === TEXT_TYPE;
}

/** A new text item with defaults filled in. */
export function makeText(
  fields: Pick<TextItem, 'id' | 'x' | 'y' | 'z' | 'createdBy'> & Partial<TextItem>,
  now: number = Date.now(),
): TextItem {
  return { ...textDefaults, createdAt: now, ...fields, type: TEXT_TYPE };
}
