import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LANES, laneValidator } from '../schema/team';
import { MAP } from './keys';
import { ensureLanes, lanesMap, readLanes } from './lanes';
import { expectQuickAgreesWithSchema } from './quick-check.test-helper';
import { quickLane } from './quick-lane';
import { onInvalidRecord } from './records';

/** Values to try in each field: valid ones, edge cases and junk. */
const TRIALS: unknown[] = [
  undefined,
  null,
  0,
  1,
  NaN,
  true,
  '',
  ' ',
  'Now',
  ' Now',
  'Now ',
  '\tNow\n',
  'Sprint 12',
  'a0',
  'a1',
  'Zz',
  'a0V',
  'b00',
  'a',
  '0',
  'A',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(100),
  'x'.repeat(101),
  `a${'0'.repeat(199)}`,
  `a${'V'.repeat(199)}`,
  `a${'V'.repeat(200)}`,
  [],
  {},
  ['a0'],
];

/** Every lane record tried: a default lane with each field set to each trial value. */
function records(): Record<string, unknown>[] {
  const base = { name: 'Now', order: 'a0' };
  const out: Record<string, unknown>[] = [{ ...base }, { ...base, id: 'now' }, { name: 'Now' }];
  for (const field of ['name', 'order', 'id', 'color', 'extra']) {
    for (const value of TRIALS) out.push({ ...base, [field]: value });
  }
  for (const name of TRIALS) for (const order of TRIALS) out.push({ name, order });
  return out;
}

describe('quickLane', () => {
  it('gives what the schema gives, keys in the same order, or leaves the lane to the schema', () => {
    const vouched = expectQuickAgreesWithSchema(quickLane, laneValidator, records(), [
      'now',
      '',
      'x'.repeat(64),
      'x'.repeat(65),
    ]);
    // It does vouch for plain lanes (names and keys of every valid length).
    expect(vouched).toBeGreaterThan(20);
    for (const lane of DEFAULT_LANES) {
      expect(quickLane({ name: lane.name, order: lane.order }, lane.id)).toStrictEqual(lane);
    }
  });

  it('leaves names to trim and fields it does not know to the schema', () => {
    expect(quickLane({ name: ' Now', order: 'a0' }, 'now')).toBeNull();
    expect(quickLane({ name: 'Now', order: 'a0', color: 'teal' }, 'now')).toBeNull();
  });
});

describe('readLanes with the quick check', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads stored default lanes without the schema (a board opening never builds it)', () => {
    const doc = new Y.Doc();
    ensureLanes(doc);
    const safeParse = vi.spyOn(laneValidator, 'safeParse');
    expect(readLanes(doc)).toStrictEqual([...DEFAULT_LANES]);
    expect(safeParse).not.toHaveBeenCalled();
  });

  it('still trims, and skips and reports invalid lanes, through the schema', () => {
    const doc = new Y.Doc();
    ensureLanes(doc);
    lanesMap(doc).get('now')!.set('name', '  Today  ');
    lanesMap(doc).get('next')!.set('order', 'not a key');
    lanesMap(doc).get('later')!.set('name', '');
    lanesMap(doc).set('extra', new Y.Map());
    const skipped: string[] = [];
    const stop = onInvalidRecord((record) => {
      if (record.map === MAP.lanes) skipped.push(record.key);
    });
    const lanes = readLanes(doc);
    stop();
    expect(lanes).toStrictEqual([{ id: 'now', name: 'Today', order: 'a0' }]);
    expect(skipped.sort()).toEqual(['extra', 'later', 'next']);
  });
});
