import { z } from 'zod';
import { INK_COLOR_NAMES } from './colors';
import type { InkColorName } from './colors';

export { asInk, INK, INK_COLOR_NAMES } from './colors';
export type { InkColorName } from './colors';

export const inkColorValidator = z.enum(INK_COLOR_NAMES as [InkColorName, ...InkColorName[]]);
