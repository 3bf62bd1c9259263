import { itemsMap, makeSticky, stickyValidator } from '@weboard/shared';
import fc from 'fast-check';
import * as Y from 'yjs';

/*
 * The hostile writes of shape-fuzz.test.ts: random values of random WeBoard shape (deep, wide,
 * huge, nested shared types), notes valid but for one field, and changes to the honest editor's
 * records, each described so fast-check can print and shrink it, and applied to a stock client's
 * document.
 */

/** A value to put into the document, described so fast-check can print and shrink it. */
type Junk =
  | { kind: 'plain'; value: unknown }
  | { kind: 'huge'; length: number }
  | { kind: 'text'; text: string }
  | { kind: 'array'; values: unknown[] }
  | { kind: 'map'; entries: [string, Junk][] }
  | { kind: 'deep'; depth: number }
  | { kind: 'wide'; keys: number };

const plain: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 5 }),
  fc
    .dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), {
      maxKeys: 4,
    })
    // Yjs stores plain objects only (fast-check's have no prototype).
    .map((record) => ({ ...record })),
);

const junk: fc.Arbitrary<Junk> = fc.letrec<{ junk: Junk }>((tie) => ({
  junk: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plain.map((value) => ({ kind: 'plain' as const, value })),
    fc.integer({ min: 10_001, max: 40_000 }).map((length) => ({ kind: 'huge' as const, length })),
    fc.string({ maxLength: 20 }).map((text) => ({ kind: 'text' as const, text })),
    fc.array(plain, { maxLength: 4 }).map((values) => ({ kind: 'array' as const, values })),
    fc
      .array(fc.tuple(fc.string({ maxLength: 6 }), tie('junk')), { maxLength: 4 })
      .map((entries) => ({ kind: 'map' as const, entries })),
    fc.integer({ min: 2, max: 300 }).map((depth) => ({ kind: 'deep' as const, depth })),
    fc.integer({ min: 100, max: 3000 }).map((keys) => ({ kind: 'wide' as const, keys })),
  ),
})).junk;

function materialize(value: Junk): unknown {
  switch (value.kind) {
    case 'plain':
      return value.value;
    case 'huge':
      return new Y.Text('h'.repeat(value.length));
    case 'text':
      return new Y.Text(value.text);
    case 'array': {
      const array = new Y.Array<unknown>();
      array.push(value.values);
      return array;
    }
    case 'map': {
      const map = new Y.Map<unknown>();
      for (const [key, entry] of value.entries) map.set(key, materialize(entry));
      return map;
    }
    case 'deep': {
      const top = new Y.Map<unknown>();
      let current = top;
      for (let i = 0; i < value.depth; i++) {
        const next = new Y.Map<unknown>();
        current.set('deeper', next);
        current = next;
      }
      return top;
    }
    case 'wide': {
      const map = new Y.Map<unknown>();
      for (let i = 0; i < value.keys; i++) map.set(`k${i}`, i);
      return map;
    }
  }
}

const STICKY_FIELDS = Object.keys(stickyValidator.shape) as (keyof typeof stickyValidator.shape)[];
const REQUIRED_FIELDS = STICKY_FIELDS.filter(
  (field) => field !== 'id' && !stickyValidator.shape[field].safeParse(undefined).success,
);

/** One hostile write. Writes on the honest editor's records are always invalid, so none may stick. */
type Write =
  | { op: 'set'; map: string; key: string; value: Junk }
  | { op: 'item'; key: string; base: 'sticky'; field: string; value: Junk | null }
  | { op: 'honest-field'; index: number; field: string; value: Junk }
  | { op: 'honest-delete'; index: number; field: string }
  | { op: 'honest-replace'; index: number; value: Junk }
  | { op: 'honest-team'; value: Junk };

const MAPS = [
  'items',
  'teams',
  'lanes',
  'members',
  'votes',
  'voteSession',
  'session',
  'meta',
  'scratch',
];
const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constant('x'.repeat(80)));

/** A value of the wrong type for `field` of a sticky (a number where text belongs, and so on). */
function wrongFor(field: string): fc.Arbitrary<Junk> {
  return junk.filter((value) => {
    if (value.kind === 'text' || value.kind === 'huge') return field !== 'text';
    if (value.kind !== 'plain') return true;
    return !stickyValidator.shape[field as 'x'].safeParse(value.value).success;
  });
}

export const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), map: fc.constantFrom(...MAPS), key, value: junk }),
  fc.record({
    op: fc.constant('item' as const),
    key,
    base: fc.constant('sticky' as const),
    field: fc.constantFrom(...STICKY_FIELDS),
    value: fc.option(junk, { nil: null }),
  }),
  fc
    .record({
      index: fc.nat(4),
      field: fc.constantFrom(...STICKY_FIELDS.filter((f) => f !== 'id')),
    })
    .chain(({ index, field }) =>
      wrongFor(field).map((value) => ({ op: 'honest-field' as const, index, field, value })),
    ),
  fc.record({
    op: fc.constant('honest-delete' as const),
    index: fc.nat(4),
    field: fc.constantFrom(...REQUIRED_FIELDS),
  }),
  fc.record({
    op: fc.constant('honest-replace' as const),
    index: fc.nat(4),
    value: junk.filter(
      (value) => value.kind !== 'map' || !value.entries.some(([k]) => k === 'type'),
    ),
  }),
  fc.record({ op: fc.constant('honest-team' as const), value: junk }),
);

export function apply(doc: Y.Doc, honestIds: readonly string[], change: Write): void {
  const honest = (index: number) => honestIds[index % honestIds.length]!;
  switch (change.op) {
    case 'set':
      doc.getMap(change.map).set(change.key, materialize(change.value));
      return;
    case 'item': {
      // A whole note, valid but for one field (wrong or missing): sometimes valid, mostly not.
      const map = new Y.Map<unknown>();
      const note = makeSticky({ id: change.key, x: 0, y: 0, z: 'a5', createdBy: 'eve', text: 'e' });
      for (const [field, value] of Object.entries(note))
        if (field !== change.field)
          map.set(field, field === 'text' ? new Y.Text(String(value)) : value);
      if (change.value) map.set(change.field, materialize(change.value));
      itemsMap(doc).set(`eve-${change.key}`, map);
      return;
    }
    case 'honest-field': {
      // An earlier write of the same case may have replaced the note locally.
      const note: unknown = itemsMap(doc).get(honest(change.index));
      if (note instanceof Y.Map) note.set(change.field, materialize(change.value));
      return;
    }
    case 'honest-delete': {
      const note: unknown = itemsMap(doc).get(honest(change.index));
      if (note instanceof Y.Map) note.delete(change.field);
      return;
    }
    case 'honest-replace':
      (itemsMap(doc) as Y.Map<unknown>).set(honest(change.index), materialize(change.value));
      return;
    case 'honest-team': {
      const value = materialize(change.value);
      const team = doc.getMap('teams').get('pay');
      if (team instanceof Y.Map && change.value.kind !== 'plain') team.set('color', value);
      else doc.getMap('teams').set('pay', value instanceof Y.Map ? 'not a team' : value);
      return;
    }
  }
}

/** The highest clock of `clientId` that `doc` holds (0 when none). */
export function clockOf(doc: Y.Doc, clientId: number): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(clientId) ?? 0;
}
