import { PALETTE } from '../schema/common';
import type { StickyItem } from '../schema';

/*
 * The item schema's check of the commonest record, a plain sticky note, by hand. zod runs without
 * its compiled checks in the browser (the page's CSP forbids eval) and costs ~10 µs an item: a
 * fifth of applying a large board's state when the board opens. This check accepts only records
 * it can vouch for (a sticky note with nothing but these fields, each of the simplest valid form)
 * and gives exactly what the schema's parse would give, keys in the schema's order; for anything
 * else it answers null and the schema decides, as before. So it can only be stricter than zod,
 * never looser (quick-item.test.ts holds the two side by side).
 */

/** The sticky schema's fields this check knows, in the schema's order (what zod's output keeps). */
const KNOWN = new Set([
  'id',
  'x',
  'y',
  'w',
  'h',
  'rotation',
  'z',
  'createdBy',
  'createdAt',
  'teamId',
  'laneId',
  'estimate',
  'locked',
  'type',
  'text',
  'color',
]);

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const recordId = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 64;

/**
 * `{ ...record, id }` as the item schema parses it, when that is a plain, valid sticky note this
 * check can vouch for; null when it cannot (then the schema must decide: it may still be valid).
 */
export function quickSticky(
  record: Readonly<Record<string, unknown>>,
  id: string,
): StickyItem | null {
  if (record.type !== 'sticky') return null;
  for (const key in record) if (!KNOWN.has(key)) return null;
  const { x, y, w, h, rotation, z, createdBy, createdAt, text, color } = record;
  if (
    !recordId(id) ||
    !finite(x) ||
    !finite(y) ||
    !finite(w) ||
    w <= 0 ||
    !finite(h) ||
    h <= 0 ||
    !finite(rotation) ||
    typeof z !== 'string' ||
    z.length < 1 ||
    typeof createdBy !== 'string' ||
    createdBy.length > 200 ||
    !Number.isSafeInteger(createdAt) ||
    (createdAt as number) < 0 ||
    typeof text !== 'string' ||
    text.length > 10_000 ||
    typeof color !== 'string' ||
    !Object.hasOwn(PALETTE, color)
  ) {
    return null;
  }
  // The common note, with none of the optional fields: one object with every field in it, rather
  // than one grown by three fields (which gives it a second block for them, kept with every note).
  if (!('teamId' in record || 'laneId' in record || 'estimate' in record || 'locked' in record)) {
    const common = {
      id,
      x,
      y,
      w,
      h,
      rotation,
      z,
      createdBy,
      createdAt,
      type: 'sticky',
      text,
      color,
    };
    return common as StickyItem;
  }
  const item: Record<string, unknown> = {
    id,
    x,
    y,
    w,
    h,
    rotation,
    z,
    createdBy,
    createdAt,
  };
  // The optional fields, present only when the record has them (as zod's output).
  if ('teamId' in record) {
    if (!recordId(record.teamId)) return null;
    item.teamId = record.teamId;
  }
  if ('laneId' in record) {
    if (!recordId(record.laneId)) return null;
    item.laneId = record.laneId;
  }
  if ('estimate' in record) {
    if (!finite(record.estimate) || record.estimate < 0) return null;
    item.estimate = record.estimate;
  }
  if ('locked' in record) {
    if (typeof record.locked !== 'boolean') return null;
    item.locked = record.locked;
  }
  item.type = 'sticky';
  item.text = text;
  item.color = color;
  return item as StickyItem;
}
