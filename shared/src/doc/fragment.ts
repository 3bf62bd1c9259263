import { z } from 'zod';
import { routeConnector } from '../geometry/connector-route';
import type { ItemLookup } from '../geometry/connector-route';
import { indicesBetween } from '../planning/rank';
import { SCHEMA_VERSION, blobGrantValidator, isImage, itemValidator } from '../schema';
import type { BoardItem } from '../schema';
import { connectorBounds } from '../schema/connector';
import type { ConnectorEndpoint } from '../schema/connector';
import { sortByZ } from './z-order';

/*
 * The clipboard format: a JSON fragment of our own schema, so items copied on one board paste on
 * any other (and a newer WeBoard's fragment is refused rather than half-understood).
 *   { "kind": "weboard/fragment", "schemaVersion": 1, "items": [ …BoardItem ],
 *     "grants"?: { <image hash>: <the server's grant for it> } }
 * `grants` lets the board pasted into link the copied pictures (POST /api/boards/:id/blobs/link);
 * a grant says only that its holder could see that picture, so the clipboard carries no token.
 */
export const FRAGMENT_KIND = 'weboard/fragment';

const fragmentEnvelope = z.object({
  kind: z.literal(FRAGMENT_KIND),
  schemaVersion: z.number().int().positive(),
  items: z.array(z.unknown()).max(10_000),
  grants: z.unknown().optional(),
});

/** A fragment's valid items, bottom first, and the grants it carries for their pictures. */
export interface Fragment {
  items: BoardItem[];
  /** Image hash → the server's grant for it, for image items of `items` only. */
  grants: Record<string, string>;
}

/**
 * The clipboard text for some items. Attached connector ends are saved at their drawn points;
 * `grantOf` gives the grant of a picture's hash where one is known.
 */
export function encodeFragment(
  items: readonly BoardItem[],
  lookup: ItemLookup,
  grantOf?: (hash: string) => string | undefined,
): string {
  const frozen = sortByZ(items).map((item) => {
    if (item.type !== 'connector') return item;
    const route = routeConnector(item, lookup);
    return {
      ...item,
      from: { ...item.from, x: route.start.x, y: route.start.y },
      to: { ...item.to, x: route.end.x, y: route.end.y },
    };
  });
  const grants: Record<string, string> = {};
  for (const item of frozen) {
    if (!isImage(item)) continue;
    const grant = grantOf?.(item.src);
    if (grant !== undefined) grants[item.src] = grant;
  }
  return JSON.stringify({
    kind: FRAGMENT_KIND,
    schemaVersion: SCHEMA_VERSION,
    items: frozen,
    ...(Object.keys(grants).length > 0 ? { grants } : {}),
  });
}

/**
 * The valid items of a clipboard text, bottom first; null when the text is not our fragment or was
 * written by a newer schema. Invalid items are dropped, never pasted half-formed.
 */
export function decodeFragment(text: string): BoardItem[] | null {
  return readFragment(text)?.items ?? null;
}

/**
 * The items and picture grants of a clipboard text; null when it is not our fragment (as
 * {@link decodeFragment}). Grants that are malformed or for no copied picture are dropped: a
 * fragment without them still pastes, its pictures shown only where the board already has them.
 */
export function readFragment(text: string): Fragment | null {
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
  return { items: sortByZ(items), grants: validGrants(envelope.data.grants, items) };
}

function validGrants(raw: unknown, items: readonly BoardItem[]): Record<string, string> {
  const grants: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return grants;
  for (const item of items) {
    // The item's src was validated with it: a SHA-256 in hex, never a key like `__proto__`.
    if (!isImage(item)) continue;
    const grant: unknown = Object.hasOwn(raw, item.src)
      ? (raw as Record<string, unknown>)[item.src]
      : undefined;
    if (blobGrantValidator.safeParse(grant).success) grants[item.src] = grant as string;
  }
  return grants;
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
