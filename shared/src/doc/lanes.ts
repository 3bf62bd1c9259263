import type * as Y from 'yjs';
import { indexBetween } from '../planning/rank';
import { DEFAULT_LANES, laneValidator, sortLanes } from '../schema/team';
import type { Lane } from '../schema/team';
import { itemMaps } from './board-doc';
import { ITEM_FIELD, MAP } from './keys';
import { readFieldRecords, writeRecordFields } from './field-records';
import { quickLane } from './quick-lane';

type FieldMap = Y.Map<unknown>;

/*
 * The board's lanes (Now, Next, Later, …): `lanes` maps laneId -> Y.Map { name, order }, where
 * order is a fractional index. One map key per field, so that one person renaming a lane while
 * another reorders it both win.
 */

export function lanesMap(doc: Y.Doc): Y.Map<FieldMap> {
  return doc.getMap<FieldMap>(MAP.lanes);
}

/**
 * The board's lanes in order. A board that has never stored lanes reads as the defaults (Now,
 * Next, Later); the first change to lanes writes them (see {@link ensureLanes}).
 */
export function readLanes(doc: Y.Doc): Lane[] {
  if (lanesMap(doc).size === 0) return [...DEFAULT_LANES];
  return sortLanes(readFieldRecords<Lane>(doc, MAP.lanes, laneValidator, quickLane));
}

/** Stores `lanes` when the board has none yet (new boards, and boards older than lanes). */
export function ensureLanes(
  doc: Y.Doc,
  lanes: readonly Lane[] = DEFAULT_LANES,
  origin?: unknown,
): void {
  if (lanesMap(doc).size > 0) return;
  doc.transact(() => {
    for (const lane of lanes) {
      const { id, name, order } = laneValidator.parse(lane);
      writeRecordFields(doc, MAP.lanes, id, { name, order });
    }
  }, origin);
}

/** Renames a lane. False when there is no such lane. */
export function renameLane(doc: Y.Doc, id: string, name: string, origin?: unknown): boolean {
  const lane = readLanes(doc).find((l) => l.id === id);
  if (!lane) return false;
  const valid = laneValidator.parse({ ...lane, name });
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    writeRecordFields(doc, MAP.lanes, id, { name: valid.name });
  }, origin);
  return true;
}

/** Adds a lane at the end (or just after `afterId`); returns its id. */
export function addLane(
  doc: Y.Doc,
  lane: { id: string; name: string },
  afterId: string | null = null,
  origin?: unknown,
): string {
  const lanes = readLanes(doc);
  const at = afterId === null ? lanes.length - 1 : lanes.findIndex((l) => l.id === afterId);
  const before = at >= 0 ? lanes[at]!.order : null;
  const after = at >= 0 && at + 1 < lanes.length ? lanes[at + 1]!.order : null;
  const order = indexBetween(before, before === after ? null : after);
  const valid = laneValidator.parse({ ...lane, order });
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    writeRecordFields(doc, MAP.lanes, valid.id, { name: valid.name, order: valid.order });
  }, origin);
  return valid.id;
}

/** Moves a lane to position `index` (0 = first) among the others. False when there is no such lane. */
export function moveLane(doc: Y.Doc, id: string, index: number, origin?: unknown): boolean {
  const lanes = readLanes(doc);
  if (!lanes.some((l) => l.id === id)) return false;
  const others = lanes.filter((l) => l.id !== id);
  const at = Math.max(0, Math.min(Math.trunc(index), others.length));
  const before = at > 0 ? others[at - 1]!.order : null;
  const after = at < others.length ? others[at]!.order : null;
  // Two lanes can share a key after concurrent moves; then there is nothing strictly between.
  const order =
    before !== null && before === after ? indexBetween(before, null) : indexBetween(before, after);
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    writeRecordFields(doc, MAP.lanes, id, { order });
  }, origin);
  return true;
}

/**
 * Removes a lane. In the same transaction every item planned into it (cards, and frames bound to
 * it) loses its `laneId`, so the cards read as unplanned and no frame keeps binding to a lane that
 * is gone. A card someone moves into the lane concurrently keeps the dangling id; readers treat an
 * unknown lane as none.
 */
export function removeLane(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!readLanes(doc).some((l) => l.id === id)) return false;
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    lanesMap(doc).delete(id);
    for (const item of itemMaps(doc).values())
      if (item.get(ITEM_FIELD.laneId) === id) item.delete(ITEM_FIELD.laneId);
  }, origin);
  return true;
}
