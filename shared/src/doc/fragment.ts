import { z } from 'zod';
import { routeConnector } from '../geometry/connector-route';
import type { ItemLookup } from '../geometry/connector-route';
import { indicesBetween } from '../planning/rank';
import { SCHEMA_VERSION, itemValidator } from '../schema';
import type { BoardItem } from '../schema';
import { connectorBounds } from '../schema/connector';
import type { ConnectorEndpoint } from '../schema/connector';
import { sortByZ } from './z-order';

/*
 * The clipboard format: a JSON fragment of our own schema, so items copied on one board paste on
 * any other (and a newer WeBoard's fragment is refused rather than half-understood).
 *   { "kind": "weboard/fragment", "schemaVersion": 1, "items": [ …BoardItem ] }
 */
export const FRAGMENT_KIND = 'weboard/fragment';

const fragmentEnvelope = z.object({
  kind: z.literal(FRAGMENT_KIND),
  schemaVersion: z.number().int().positive(),
  items: z.array(z.unknown()).max(10_000),
});

/** The clipboard text for some items. Attached connector ends are saved at their drawn points. */
export function encodeFragment(items: readonly BoardItem[], lookup: ItemLookup): string {
  const frozen = sortByZ(items).map((item) => {
    if (item.type !== 'connector') return item;
    const route = routeConnector(item, lookup);
    return {
      ...item,
      from: { ...item.from, x: route.start.x, y: route.start.y },
      to: { ...item.to, x: route.end.x, y: route.end.y },
    };
  });
  return JSON.stringify({ kind: FRAGMENT_KIND, schemaVersion: SCHEMA_VERSION, items: frozen });
}

/**
 * The valid items of a clipboard text, bottom first; null when the text is not our fragment or was
 * written by a newer schema. Invalid items are dropped, never pasted half-formed.
 */
export function decodeFragment(text: string): BoardItem[] | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const envelope = fragmentEnvelope.safeParse(json);
  if (!envelope.success || envelope.data.schemaVersion > SCHEMA_VERSION) return null;
  const items: BoardItem[] = [];
  for (const raw of envelope.data.items) {
    const parsed = itemValidator.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
  }
  return sortByZ(items);
}

export interface InstantiateOptions {
  /** Makes a fresh id for each pasted item. */
  newId(): string;
  dx: number;
  dy: number;
  /** The board's current top z-index key; pasted items stack above it in their own order. */
  topZ: string | null;
  createdBy: string;
  now: number;
}

/**
 * Items ready to add to a board: fresh ids, moved by (dx, dy), stacked on top, connectors re-wired
 * to the pasted copies — and detached (at their saved point) from items that were not copied.
 */
export function instantiateFragment(
  items: readonly BoardItem[],
  options: InstantiateOptions,
): BoardItem[] {
  const ids = new Map(items.map((item) => [item.id, options.newId()]));
  const keys = indicesBetween(options.topZ, null, items.length);
  // Copies form groups of their own: a pasted group must not join the group it was copied from.
  const groups = new Map<string, string>();
  const regroup = (groupIds: readonly string[] | undefined) =>
    groupIds?.map((id) => {
      let fresh = groups.get(id);
      if (!fresh) groups.set(id, (fresh = options.newId()));
      return fresh;
    });
  return sortByZ(items).map((item, index) => {
    const groupIds = regroup(item.groupIds);
    const common = {
      id: ids.get(item.id)!,
      z: keys[index]!,
      createdBy: options.createdBy,
      createdAt: options.now,
      ...(groupIds ? { groupIds } : {}),
    };
    if (item.type !== 'connector') {
      return { ...item, ...common, x: item.x + options.dx, y: item.y + options.dy };
    }
    const remap = (end: ConnectorEndpoint) => ({
      itemId: end.itemId ? (ids.get(end.itemId) ?? null) : null,
      x: end.x + options.dx,
      y: end.y + options.dy,
    });
    const from = remap(item.from);
    const to = remap(item.to);
    return { ...item, ...common, from, to, ...connectorBounds(from, to) };
  });
}
