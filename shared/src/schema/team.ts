import { z } from 'zod';
import { colorValidator } from './common';
import { indexKeyValidator } from './index-key';

const recordId = z.string().min(1).max(64);

/** A team taking part in the planning; stored in the board's teams map, id → {name, color}. */
export const teamValidator = z.object({
  id: recordId,
  name: z.string().trim().min(1).max(100),
  color: colorValidator,
});
export type Team = z.infer<typeof teamValidator>;

/** A lane: an ordered planning bucket such as Now / Next / Later or an iteration. */
export const laneValidator = z.object({
  id: recordId,
  name: z.string().trim().min(1).max(100),
  /** Fractional-index key; lanes sort by it (then by id), earliest first. */
  order: indexKeyValidator,
});
export type Lane = z.infer<typeof laneValidator>;

/** The lanes every new board starts with. The ids are stable so imports and links can use them. */
export const DEFAULT_LANES: readonly Lane[] = [
  { id: 'now', name: 'Now', order: 'a0' },
  { id: 'next', name: 'Next', order: 'a1' },
  { id: 'later', name: 'Later', order: 'a2' },
];

/** Lanes in their board order (by `order`, ties broken by id so every peer agrees). */
export function sortLanes<T extends Pick<Lane, 'id' | 'order'>>(lanes: readonly T[]): T[] {
  return [...lanes].sort((a, b) =>
    a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}
