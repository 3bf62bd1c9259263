import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemValidator, makeSticky } from '../schema';
import { addItem, itemsMap, readItem } from './board-doc';
import { expectQuickAgreesWithSchema } from './quick-check.test-helper';
import { quickSticky } from './quick-item';

const base = makeSticky(
  { id: 'n1', x: 10, y: -20.5, z: 'a0', createdBy: 'ann' },
  1_700_000_000_000,
);

/** Values to try in each field: valid ones, edge cases and junk. */
const TRIALS: unknown[] = [
  undefined,
  null,
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  '',
  'a0',
  'yellow',
  'teal',
  'purple',
  'sticky',
  'text',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(200),
  'x'.repeat(201),
  'x'.repeat(10_000),
  'x'.repeat(10_001),
  true,
  false,
  [],
  ['g1'],
  {},
  { businessValue: 1 },
];

const FIELDS = [
  'x',
  'y',
  'w',
  'h',
  'rotation',
  'z',
  'createdBy',
  'createdAt',
  'text',
  'color',
  'type',
  'teamId',
  'laneId',
  'estimate',
  'locked',
  'rank',
  'groupIds',
  'sourceKey',
  'unknownField',
];

/** Every record tried: the sticky with each field set to each trial value, alone and in pairs. */
function records(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ ...base }];
  for (const field of FIELDS) {
    for (const value of TRIALS) out.push({ ...base, [field]: value });
  }
  for (const a of ['teamId', 'laneId', 'estimate', 'locked']) {
    for (const b of ['teamId', 'laneId', 'estimate', 'locked', 'text', 'w']) {
      for (const value of [1, 'lane-1', true, 0]) out.push({ ...base, [a]: value, [b]: value });
    }
  }
  const withoutText: Record<string, unknown> = { ...base };
  delete withoutText.text;
  out.push(withoutText);
  return out;
}

describe('quickSticky', () => {
  it('gives what the schema gives, keys in the same order, or leaves the record to the schema', () => {
    const vouched = expectQuickAgreesWithSchema(quickSticky, itemValidator, records(), [
      'n1',
      '',
      'x'.repeat(64),
      'x'.repeat(65),
    ]);
    // It does vouch for the plain notes (and those with the simple planning fields).
    expect(vouched).toBeGreaterThan(100);
    expect(quickSticky({ ...base }, 'n1')).toStrictEqual(base);
    expect(quickSticky({ ...base, teamId: 't1', estimate: 3, locked: true }, 'n1')).not.toBeNull();
  });

  it('leaves other item types and fields it does not know to the schema', () => {
    expect(quickSticky({ ...base, type: 'text' }, 'n1')).toBeNull();
    expect(quickSticky({ ...base, rank: 'a0' }, 'n1')).toBeNull();
    expect(quickSticky({ ...base, groupIds: ['g'] }, 'n1')).toBeNull();
  });
});

describe('readItem with the quick check', () => {
  it('reads a plain sticky note as the schema does and still skips an invalid one', () => {
    const doc = new Y.Doc();
    addItem(doc, base);
    expect(readItem(itemsMap(doc).get('n1'))).toStrictEqual(itemValidator.parse(base));
    itemsMap(doc).get('n1')!.set('w', -5);
    expect(readItem(itemsMap(doc).get('n1'))).toBeNull();
    itemsMap(doc).get('n1')!.set('w', 200);
    itemsMap(doc).get('n1')!.set('color', 'ultraviolet');
    expect(readItem(itemsMap(doc).get('n1'))).toBeNull();
  });
});
