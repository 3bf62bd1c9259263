import { isIndexKey } from '../schema/index-key';
import type { Lane } from '../schema/team';

/*
 * The lane schema's check by hand. Every board stores its lanes (the server writes the defaults
 * when it creates one), so the first read of the planning state validated them with zod, and in
 * the browser that built the lazy lane schemas first (zod-lazy.ts): ~7 ms of applying the board
 * before its first frame. Like quickSticky (quick-item.ts), this accepts only lanes it can vouch
 * for and gives exactly what the schema's parse would give; for anything else it answers null and
 * the schema decides, as before. So it can only be stricter than zod, never looser
 * (quick-lane.test.ts holds the two side by side).
 */

const recordId = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 64;

/**
 * `{ ...fields, id }` as the lane schema parses it, when that is a valid lane with nothing but
 * its stored fields (a name needing no trim); null when it cannot tell (then the schema decides).
 */
export function quickLane(fields: Readonly<Record<string, unknown>>, id: string): Lane | null {
  for (const key in fields) if (key !== 'name' && key !== 'order' && key !== 'id') return null;
  const { name, order } = fields;
  if (
    !recordId(id) ||
    typeof name !== 'string' ||
    name.length < 1 ||
    name.length > 100 ||
    name.trim() !== name ||
    typeof order !== 'string' ||
    order.length < 1 ||
    order.length > 200 ||
    !isIndexKey(order)
  ) {
    return null;
  }
  // The schema's key order (what zod's output keeps).
  return { id, name, order };
}
