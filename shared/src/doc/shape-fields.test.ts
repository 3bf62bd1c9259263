import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemValidator, makeSticky } from '../schema';
import { fieldsOf, RECORD_KINDS } from './records';
import { changedFieldsValid, fieldShape } from './shape-fields';
import { hasNestedUnknown } from './shape-writes';

/** One field write a client could send: a value, a deletion, or a nested shared type. */
const VALUES = [
  1,
  -3.5,
  Number.NaN,
  'text',
  '',
  'x'.repeat(10_001),
  null,
  true,
  ['g1'],
  { a: 1 },
  'blue',
  'neon',
  'DELETE',
  'Y.Text',
  'Y.Map',
] as const;
const FIELDS = ['x', 'w', 'z', 'text', 'color', 'teamId', 'groupIds', 'createdAt', 'id', 'junk'];

function write(map: Y.Map<unknown>, field: string, value: (typeof VALUES)[number]): void {
  if (value === 'DELETE') map.delete(field);
  else if (value === 'Y.Text') map.set(field, new Y.Text('t'));
  else if (value === 'Y.Map') map.set(field, new Y.Map());
  else map.set(field, value);
}

function json(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of map.entries())
    out[key] = value instanceof Y.Text ? value.toString() : value;
  return out;
}

describe('checking only the changed fields of a valid record', () => {
  it('agrees with the whole-record schema for any writes to a valid sticky', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...VALUES)), {
          minLength: 1,
          maxLength: 4,
        }),
        (writes) => {
          const doc = new Y.Doc();
          const map = doc.getMap<Y.Map<unknown>>('items').set('n1', new Y.Map<unknown>());
          const sticky = makeSticky({ id: 'n1', x: 0, y: 0, z: 'a0', createdBy: 'ann' });
          for (const [key, value] of Object.entries(sticky))
            map.set(key, key === 'text' ? new Y.Text(String(value)) : value);
          const cached = json(map);
          for (const [field, value] of writes) write(map, field, value);
          const kind = RECORD_KINDS.items;
          const fields = new Set(writes.map(([field]) => field));
          const fast = changedFieldsValid(kind, itemValidator, map, cached, fields);
          const whole =
            itemValidator.safeParse({ ...fieldsOf(map), id: 'n1' }).success &&
            !hasNestedUnknown(kind, map);
          // The discriminator is not among the fields: the two must agree exactly.
          expect(fast).toBe(whole);
          if (fast) expect(cached).toEqual(json(map));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves a schema with rules across fields, or a new discriminator, to the whole check', () => {
    expect(fieldShape(itemValidator, { type: 'sticky' })?.discriminator).toBe('type');
    expect(fieldShape(itemValidator, { type: 'nope' })).toBeNull();
    const refined = itemValidator.refine(() => true);
    expect(fieldShape(refined, { type: 'sticky' })).toBeNull();
  });
});
