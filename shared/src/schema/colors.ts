/*
 * The colours items are drawn in: plain data, without the validators (common.ts, ink.ts), so
 * that code which only paints, such as the page's first script setting the theme, does not load
 * and build the schema library.
 */

/** The shared colour palette; items store the key, renderers map it to a fill. */
export const PALETTE = {
  yellow: '#fde68a',
  orange: '#fdba74',
  red: '#fca5a5',
  pink: '#f9a8d4',
  violet: '#c4b5fd',
  blue: '#93c5fd',
  teal: '#5eead4',
  green: '#86efac',
  gray: '#e5e7eb',
  white: '#ffffff',
} as const;
export type ColorName = keyof typeof PALETTE;
export const COLOR_NAMES = Object.keys(PALETTE) as ColorName[];

/**
 * Colours for lines and lettering (text, shape outlines, connectors, pen strokes). The pastel
 * palette is made for fills and is unreadable as thin strokes, so ink adds a dark default.
 */
export const INK = { black: '#1f2937', ...PALETTE } as const;
export type InkColorName = keyof typeof INK;
export const INK_COLOR_NAMES = Object.keys(INK) as InkColorName[];

/** A fill colour is always also a valid ink colour. */
export function asInk(color: ColorName): InkColorName {
  return color;
}
