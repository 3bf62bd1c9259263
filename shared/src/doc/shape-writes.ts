import * as Y from 'yjs';
import { spliceText } from './board-doc';
import { withCut } from './records';
import type { RecordKind } from './records';
import { sameValue } from './reconcile';

/*
 * How the shape guard (shape.ts) reads and writes one record: which fields the schema knows, and
 * putting a field or a whole record back to its last valid value.
 */

/** Fields a record of this map may have (known by some validator); unknown ones are kept as they are. */
export function knownField(kind: RecordKind, field: string): boolean {
  return kind.textFields.has(field) || KNOWN_FIELDS.has(field);
}

/*
 * Every field name any item, team or lane validator knows, for telling junk nested types under
 * unknown names from the fields the schema checks itself.
 */
const KNOWN_FIELDS = new Set([
  'type',
  'x',
  'y',
  'w',
  'h',
  'rotation',
  'z',
  'createdBy',
  'createdAt',
  'color',
  'text',
  'fontSize',
  'kind',
  'stroke',
  'strokeWidth',
  'from',
  'to',
  'routing',
  'label',
  'arrowheads',
  'title',
  'points',
  'teamId',
  'laneId',
  'rank',
  'estimate',
  'wsjf',
  'rice',
  'source',
  'sourceKey',
  'labels',
  'locked',
  'name',
  'order',
]);

export function hasNestedUnknown(kind: RecordKind, value: Y.Map<unknown>): boolean {
  for (const [field, fieldValue] of value.entries())
    if (fieldValue instanceof Y.AbstractType && !knownField(kind, field)) return true;
  return false;
}

/** Cuts the string at `path` of a record stored as a Y.Map of fields. */
export function cutField(map: Y.Map<unknown>, path: readonly PropertyKey[], max: number): void {
  const [field, ...rest] = path;
  if (typeof field !== 'string') return;
  const current = map.get(field);
  if (current instanceof Y.Text && rest.length === 0) {
    spliceText(current, withCut(current.toString(), [], max) as string);
    return;
  }
  if (current instanceof Y.AbstractType) return;
  map.set(field, withCut(current, rest, max));
}

export function writeField(
  map: Y.Map<unknown>,
  field: string,
  value: unknown,
  textFields: ReadonlySet<string>,
): void {
  const now = map.get(field);
  if (textFields.has(field)) {
    if (now instanceof Y.Text) spliceText(now, String(value));
    else map.set(field, new Y.Text(String(value)));
  } else if (now instanceof Y.AbstractType || !sameValue(now, value)) map.set(field, value);
}

/** Makes the record under `key` equal to `fields` (a new map when the key holds no map). */
export function writeRecord(
  parent: Y.Map<unknown>,
  key: string,
  fields: Record<string, unknown>,
  kind: RecordKind,
): void {
  const current = parent.get(key);
  if (!(current instanceof Y.Map)) {
    const map = new Y.Map<unknown>();
    for (const [field, value] of Object.entries(fields))
      map.set(field, kind.textFields.has(field) ? new Y.Text(String(value)) : value);
    parent.set(key, map);
    return;
  }
  for (const field of [...current.keys()]) if (!Object.hasOwn(fields, field)) current.delete(field);
  for (const [field, value] of Object.entries(fields))
    writeField(current, field, value, kind.textFields);
}
