import { z } from 'zod';
import { PALETTE } from './common';
import type { ColorName } from './common';

/**
 * Colours for lines and lettering (text, shape outlines, connectors, pen strokes). The pastel
 * palette is made for fills and is unreadable as thin strokes, so ink adds a dark default.
 */
export const INK = { black: '#1f2937', ...PALETTE } as const;
export type InkColorName = keyof typeof INK;
export const INK_COLOR_NAMES = Object.keys(INK) as InkColorName[];
export const inkColorValidator = z.enum(INK_COLOR_NAMES as [InkColorName, ...InkColorName[]]);

/** A fill colour is always also a valid ink colour. */
export function asInk(color: ColorName): InkColorName {
  return color;
}
