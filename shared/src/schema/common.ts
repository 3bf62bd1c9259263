import { z } from 'zod';

/** Version of the board document schema; stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 3;

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
export const colorValidator = z.enum(COLOR_NAMES as [ColorName, ...ColorName[]]);

const finite = z.number().finite();

/** Fields every item on the canvas carries, whatever its type. */
export const baseItemShape = {
  id: z.string().min(1).max(64),
  x: finite,
  y: finite,
  w: finite.positive(),
  h: finite.positive(),
  rotation: finite,
  /** Fractional index giving z-order; never an array position. */
  z: z.string().min(1),
  createdBy: z.string().max(200),
  createdAt: z.number().int().nonnegative(),
  /**
   * The groups the item belongs to, innermost first, outermost last (Excalidraw's `groupIds`):
   * clicking a member selects its outermost group. Absent or empty: not grouped.
   */
  groupIds: z.array(z.string().min(1).max(64)).max(16).optional(),
};
