import { expect } from 'vitest';
import type { ZodType } from 'zod';

/**
 * Runs a hand-written quick check (quickSticky, quickLane) over `records` × `ids` and expects that
 * whenever it vouches for one, the schema accepts `{ ...record, id }` and gives the same record,
 * keys in the same order. Returns how many it vouched for (a check that never vouches proves
 * nothing, so callers assert a floor).
 */
export function expectQuickAgreesWithSchema(
  quick: (record: Record<string, unknown>, id: string) => object | null,
  schema: ZodType,
  records: readonly Record<string, unknown>[],
  ids: readonly string[],
): number {
  let vouched = 0;
  for (const record of records) {
    for (const id of ids) {
      const fast = quick(record, id);
      if (fast === null) continue;
      vouched++;
      const parsed = schema.safeParse({ ...record, id });
      expect(parsed.success, JSON.stringify({ record, id }).slice(0, 300)).toBe(true);
      expect(fast).toStrictEqual(parsed.data);
      expect(Object.keys(fast)).toEqual(Object.keys(parsed.data as object));
    }
  }
  return vouched;
}
