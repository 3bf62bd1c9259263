import type * as Y from 'yjs';
import { cellKey } from '../planning/capacity';
import type { CellCapacity } from '../planning/capacity';
import { capacityAt } from '../schema/capacity';
import { describeIssue, reportInvalidRecord } from './records';
import { MAP } from './keys';

/*
 * Team capacities; the only code that knows this key:
 *   capacity:  Y.Map  "teamId/laneId" -> { teamId, laneId, points }   (one plain record per cell)
 * A cell is one key, so two people setting different cells never collide, and two setting the
 * same cell end with one of their values (the last to arrive), as with any single field.
 */
const CAPACITY = MAP.capacity;

export function capacityMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CAPACITY);
}

/** Every valid capacity of the board (invalid entries are skipped and reported). */
export function readCapacities(doc: Y.Doc): CellCapacity[] {
  const capacities: CellCapacity[] = [];
  for (const [key, value] of capacityMap(doc).entries()) {
    const parsed = capacityAt(key).safeParse(value);
    if (parsed.success) capacities.push(parsed.data);
    else reportInvalidRecord({ map: CAPACITY, key, reason: describeIssue(parsed.error) });
  }
  return capacities.sort((a, b) =>
    a.teamId !== b.teamId ? (a.teamId < b.teamId ? -1 : 1) : a.laneId < b.laneId ? -1 : 1,
  );
}

/**
 * Sets a team's capacity for one iteration (null removes it). Throws a RangeError for a number
 * that is not a capacity (negative, not finite, over 100,000).
 */
export function setCapacity(
  doc: Y.Doc,
  teamId: string,
  laneId: string,
  points: number | null,
  origin?: unknown,
): void {
  const key = cellKey(teamId, laneId);
  if (points === null) {
    if (capacityMap(doc).has(key)) doc.transact(() => capacityMap(doc).delete(key), origin);
    return;
  }
  const parsed = capacityAt(key).safeParse({ teamId, laneId, points });
  if (!parsed.success)
    throw new RangeError(
      `a capacity is a number of points from 0 to 100000 (${describeIssue(parsed.error)})`,
    );
  doc.transact(() => capacityMap(doc).set(key, parsed.data), origin);
}
