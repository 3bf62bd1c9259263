import type { BoardItem, ConnectorItem, PenItem, ShapeItem, TextItem } from '@weboard/shared';

/** The text sizes the style controls offer, in board units (tldraw's S M L XL). */
export const TEXT_SIZES = [
  { name: 'S', fontSize: 16 },
  { name: 'M', fontSize: 24 },
  { name: 'L', fontSize: 36 },
  { name: 'XL', fontSize: 56 },
] as const;
export type TextSizeName = (typeof TEXT_SIZES)[number]['name'];

/** The stroke widths the style controls offer, in board units. */
export const STROKE_WIDTHS = [
  { name: 'thin', strokeWidth: 2 },
  { name: 'medium', strokeWidth: 4 },
  { name: 'thick', strokeWidth: 8 },
] as const;
export type StrokeWidthName = (typeof STROKE_WIDTHS)[number]['name'];

/** A change of style for many items at once; each item takes the fields it has. */
export interface StylePatch {
  fontSize?: number;
  strokeWidth?: number;
}

/** Items whose lettering has a size of its own (a note's text shrinks to fit instead). */
export function hasTextSize(item: BoardItem): item is TextItem | ShapeItem {
  return item.type === 'text' || item.type === 'shape';
}

/** Items drawn with a line whose width can change. */
export function hasStrokeWidth(item: BoardItem): item is ShapeItem | ConnectorItem | PenItem {
  return item.type === 'shape' || item.type === 'connector' || item.type === 'pen';
}

/**
 * The preset nearest to every value, or null when the values are nearest to different presets
 * (a mixed selection shows no preset as chosen). Values between presets, such as a default of 20
 * or an imported 3, still show the preset they look like.
 */
export function nearestPreset<P extends { name: string }>(
  presets: readonly P[],
  valueOf: (preset: P) => number,
  values: readonly number[],
): P['name'] | null {
  let chosen: P['name'] | null = null;
  for (const value of values) {
    let best = presets[0]!;
    for (const preset of presets) {
      // A tie goes to the larger preset: a shape's default 20 reads as M, a pen's 3 as medium.
      if (Math.abs(valueOf(preset) - value) <= Math.abs(valueOf(best) - value)) best = preset;
    }
    if (chosen !== null && chosen !== best.name) return null;
    chosen = best.name;
  }
  return chosen;
}
