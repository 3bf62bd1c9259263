import type * as Y from 'yjs';
import { SHAPED_MAPS } from './records';
import type { ShapedMap } from './records';
import { rootName } from './root-name';
import { keyInParent, parentOf } from './yjs-internals';

/* Which records of the shaped maps a transaction touched (for the shape guard, shape.ts). */

/** A record's address: the top-level map and the key in it (a field name for meta/voteSession). */
export interface Touched {
  map: ShapedMap;
  key: string;
  /** The fields of a `fields` record the change touched; null or absent: unknown, check it all. */
  fields?: ReadonlySet<string> | null;
}

const SHAPED = new Set<string>(SHAPED_MAPS);

/**
 * Top-level map name and the key below it of a type, or null when it is not inside a shaped map;
 * `field`: the key of the record's child the type lies in (null: the type is the record or above);
 * `depth`: how far below the top-level map the type is (1: a record's own map).
 */
function addressOf(
  type: Y.AbstractType<unknown>,
): { map: ShapedMap; key: string | null; field: string | null; depth: number } | null {
  let current: Y.AbstractType<unknown> = type;
  let depth = 0;
  let child: Y.AbstractType<unknown> | null = null;
  let grandchild: Y.AbstractType<unknown> | null = null;
  for (let parent = parentOf(current); parent !== null; parent = parentOf(current)) {
    grandchild = child;
    child = current;
    current = parent;
    depth++;
  }
  const root = rootName(current);
  if (!SHAPED.has(root)) return null;
  // A child inserted list-style into a map has no key; no reader can see it.
  const key = child === null ? null : keyInParent(child);
  return {
    map: root as ShapedMap,
    key,
    field: grandchild === null ? null : keyInParent(grandchild),
    depth,
  };
}

/** Changed records per map, each with its changed fields (null: check it whole). */
type Seen = Map<ShapedMap, Map<string, Set<string> | null>>;

function add(
  seen: Seen,
  map: ShapedMap,
  key: string,
  fields: Iterable<string | null> | null,
): void {
  let keys = seen.get(map);
  if (!keys) seen.set(map, (keys = new Map()));
  let changed = keys.get(key);
  if (changed === null) return;
  if (fields === null) {
    keys.set(key, null);
    return;
  }
  if (!changed) keys.set(key, (changed = new Set()));
  for (const field of fields) {
    if (field === null) {
      keys.set(key, null);
      return;
    }
    changed.add(field);
  }
}

/**
 * The records a transaction touched, per map, each with the fields it changed (null: the record
 * itself was set or removed, or a change no field names).
 */
export function touchedBy(transaction: Y.Transaction): Touched[] {
  const seen: Seen = new Map();
  for (const [type, keys] of transaction.changed) {
    const address = addressOf(type as Y.AbstractType<unknown>);
    if (!address) continue;
    if (address.key === null) {
      if (parentOf(type as Y.AbstractType<unknown>) === null)
        for (const key of keys) if (key !== null) add(seen, address.map, key, null);
    } else if (address.depth === 1) {
      // The record's own map: `keys` are its changed fields.
      add(seen, address.map, address.key, keys);
    } else add(seen, address.map, address.key, address.field === null ? null : [address.field]);
  }
  const touched: Touched[] = [];
  for (const [map, keys] of seen)
    for (const [key, fields] of keys) touched.push({ map, key, fields });
  return touched;
}
