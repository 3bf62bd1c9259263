import { nanoid } from 'nanoid';
import * as Y from 'yjs';
import { SCHEMA_VERSION, itemValidator } from '../schema';
import type { BoardItem, BoardMeta } from '../schema';
import { routeConnector } from '../geometry/connector-route';
import { indexAbove } from '../planning/rank';
import { ITEM_FIELD, MAP, META_FIELD } from './keys';
import { describeIssue, fieldsOf, parseWithCuts, reportInvalidRecord } from './records';
import { quickSticky } from './quick-item';
import { keyInParent } from './yjs-internals';

/*
 * The board's meta and items (key names in keys.ts):
 *   meta:  Y.Map  { schemaVersion, title }
 *   items: Y.Map  id -> Y.Map of fields; the `text` field is a Y.Text so that concurrent typing merges.
 * Every other field is a plain value, one map key each, so two people changing different fields of
 * one item (one moves it, one recolours it) both win.
 */
const TEXT_FIELDS = new Set<string>([ITEM_FIELD.text]);

/** A field-level view of one item as stored in the document. */
export type ItemMap = Y.Map<unknown>;

/** Fields that may be patched on an existing item of some type (identity and type are fixed). */
export type ItemPatch = BoardItem extends infer T
  ? T extends BoardItem
    ? Partial<Omit<T, 'id' | 'type'>>
    : never
  : never;

/** A fresh, URL-safe, collision-resistant id for an item. */
export function newItemId(): string {
  return nanoid(12);
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MAP.meta);
}

export function itemsMap(doc: Y.Doc): Y.Map<ItemMap> {
  return doc.getMap<ItemMap>(MAP.items);
}

/** Sets the board's meta for a new board; leaves an existing board untouched. */
export function initBoard(doc: Y.Doc, title: string, origin?: unknown): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    if (!meta.has(META_FIELD.schemaVersion)) meta.set(META_FIELD.schemaVersion, SCHEMA_VERSION);
    if (!meta.has(META_FIELD.title)) meta.set(META_FIELD.title, title);
  }, origin);
}

/** The board's meta, with safe fallbacks for a document that has not been initialised yet. */
export function readMeta(doc: Y.Doc): BoardMeta {
  const meta = metaMap(doc);
  const version = meta.get(META_FIELD.schemaVersion);
  const title = meta.get(META_FIELD.title);
  return {
    schemaVersion: typeof version === 'number' ? version : SCHEMA_VERSION,
    title: typeof title === 'string' ? title : '',
  };
}

/** True when the document was written by a newer WeBoard; such a board must be opened read-only. */
export function isNewerSchema(doc: Y.Doc): boolean {
  return readMeta(doc).schemaVersion > SCHEMA_VERSION;
}

/**
 * Converts one stored item to a plain, validated record; null (and reported, see
 * `onInvalidRecord`) when the entry is not a valid item. The id is the item's key in `items`
 * (taken from the map's place in the document when `id` is not given). A text over its limit is
 * read cut, with the cut mark, rather than not at all.
 */
export function readItem(map: unknown, id?: string): BoardItem | null {
  const key = id ?? (map instanceof Y.AbstractType ? (keyInParent(map) ?? undefined) : undefined);
  if (!(map instanceof Y.Map)) {
    reportInvalidRecord({ map: MAP.items, key: key ?? '', reason: 'not a map of fields' });
    return null;
  }
  const record = fieldsOf(map as ItemMap);
  const itemId = key ?? (typeof record.id === 'string' ? record.id : '');
  const quick = quickSticky(record, itemId);
  if (quick) return quick;
  const parsed = parseWithCuts(itemValidator, { ...record, id: itemId });
  if (parsed.ok) return parsed.data;
  reportInvalidRecord({ map: MAP.items, key: itemId, reason: describeIssue(parsed.error) });
  return null;
}

/** The item maps of the board, by id, leaving out entries that are not maps. */
export function itemMaps(doc: Y.Doc): Map<string, ItemMap> {
  const maps = new Map<string, ItemMap>();
  for (const [id, map] of itemsMap(doc).entries()) if (map instanceof Y.Map) maps.set(id, map);
  return maps;
}

/** The map of one item; undefined when there is none (or the entry is not a map). */
export function itemMap(doc: Y.Doc, id: string): ItemMap | undefined {
  const map: unknown = itemsMap(doc).get(id);
  return map instanceof Y.Map ? (map as ItemMap) : undefined;
}

/** Every valid item on the board, in no particular order; invalid entries are skipped. */
export function readItems(doc: Y.Doc): BoardItem[] {
  const items: BoardItem[] = [];
  for (const [id, map] of itemsMap(doc).entries()) {
    const item = readItem(map, id);
    if (item) items.push(item);
  }
  return items;
}

export function getItem(doc: Y.Doc, id: string): BoardItem | null {
  const map = itemsMap(doc).get(id);
  return map === undefined ? null : readItem(map, id);
}

/** A z-index above every item currently on the board. */
export function topZ(doc: Y.Doc): string {
  const keys: string[] = [];
  for (const map of itemMaps(doc).values()) {
    const z = map.get(ITEM_FIELD.z);
    if (typeof z === 'string') keys.push(z);
  }
  return indexAbove(keys);
}

/** Adds a validated item to the board. Throws if the item is invalid. */
export function addItem(doc: Y.Doc, item: BoardItem, origin?: unknown): void {
  const valid = itemValidator.parse(item);
  doc.transact(() => {
    const map: ItemMap = new Y.Map();
    for (const [key, value] of Object.entries(valid)) {
      map.set(key, TEXT_FIELDS.has(key) ? new Y.Text(String(value)) : value);
    }
    itemsMap(doc).set(valid.id, map);
  }, origin);
}

/** Changes fields of an existing item; text fields are edited as a minimal splice. */
export function updateItem(doc: Y.Doc, id: string, patch: ItemPatch, origin?: unknown): boolean {
  const map = itemMap(doc, id);
  if (!map) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (TEXT_FIELDS.has(key)) {
        const text = map.get(key);
        if (text instanceof Y.Text) spliceText(text, String(value));
        else map.set(key, new Y.Text(String(value)));
      } else if (map.get(key) !== value) {
        map.set(key, value);
      }
    }
  }, origin);
  return true;
}

export function deleteItem(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const items = itemsMap(doc);
  if (!items.has(id)) return false;
  doc.transact(() => items.delete(id), origin);
  return true;
}

/** Adds several validated items in one transaction (one undo step, one update on the wire). */
export function addItems(doc: Y.Doc, items: readonly BoardItem[], origin?: unknown): void {
  doc.transact(() => {
    for (const item of items) addItem(doc, item, origin);
  }, origin);
}

/** Patches several items in one transaction; ids that are gone are skipped. */
export function updateItems(
  doc: Y.Doc,
  patches: Iterable<readonly [string, ItemPatch]>,
  origin?: unknown,
): void {
  doc.transact(() => {
    for (const [id, patch] of patches) updateItem(doc, id, patch, origin);
  }, origin);
}

/**
 * Deletes items, and in the same transaction settles every connector attached to them, so all
 * peers agree on the outcome: a connector whose both ends lose their items goes too; one that
 * keeps an end is detached from the deleted item at the point where it last touched it.
 * (A connector attached concurrently to an item deleted elsewhere keeps a dangling id; its stored
 * point is its attachment point, and every renderer draws a missing item's end there.)
 */
export function deleteItems(doc: Y.Doc, ids: Iterable<string>, origin?: unknown): void {
  const items = itemsMap(doc);
  const gone = new Set([...ids].filter((id) => items.has(id)));
  if (gone.size === 0) return;
  doc.transact(() => {
    const lookup = (id: string) => getItem(doc, id) ?? undefined;
    for (const [id, map] of itemMaps(doc)) {
      if (gone.has(id) || map.get(ITEM_FIELD.type) !== 'connector') continue;
      const connector = readItem(map, id);
      if (!connector || connector.type !== 'connector') continue;
      const fromGone = connector.from.itemId !== null && gone.has(connector.from.itemId);
      const toGone = connector.to.itemId !== null && gone.has(connector.to.itemId);
      if (!fromGone && !toGone) continue;
      if (fromGone && toGone) {
        gone.add(id);
        continue;
      }
      const route = routeConnector(connector, lookup);
      if (fromGone) map.set('from', { itemId: null, x: route.start.x, y: route.start.y });
      if (toGone) map.set('to', { itemId: null, x: route.end.x, y: route.end.y });
    }
    for (const id of gone) items.delete(id);
  }, origin);
}

/** The live Y.Text of an item's text field, for in-place editing. */
export function itemText(doc: Y.Doc, id: string): Y.Text | null {
  const text = itemMap(doc, id)?.get(ITEM_FIELD.text);
  return text instanceof Y.Text ? text : null;
}

/**
 * Replaces the content of `text` with `next` by deleting and inserting only the changed middle,
 * so that a concurrent edit elsewhere in the same text survives.
 */
export function spliceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  while (start < current.length && start < next.length && current[start] === next[start]) start++;
  let endCurrent = current.length;
  let endNext = next.length;
  while (endCurrent > start && endNext > start && current[endCurrent - 1] === next[endNext - 1]) {
    endCurrent--;
    endNext--;
  }
  if (endCurrent > start) text.delete(start, endCurrent - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext));
}
