import { z } from 'zod';
import { COLOR_NAMES } from './colors';
import type { ColorName } from './colors';

/** Version of the board document schema; stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 3;

export { COLOR_NAMES, PALETTE } from './colors';
export type { ColorName } from './colors';
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
