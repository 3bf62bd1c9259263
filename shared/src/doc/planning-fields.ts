import type * as Y from 'yjs';
import { itemMap } from './board-doc';
import { ITEM_FIELD } from './keys';

/** The planning fields of a card that a person may clear (an item patch can only set fields). */
export const CLEARABLE_PLANNING_FIELDS = [
  ITEM_FIELD.teamId,
  ITEM_FIELD.laneId,
  'rank',
  'estimate',
  'wsjf',
  'rice',
] as const;
export type ClearablePlanningField = (typeof CLEARABLE_PLANNING_FIELDS)[number];

/** Removes planning fields from a card (an item patch can set fields but not remove them). */
export function clearPlanningFields(
  doc: Y.Doc,
  itemId: string,
  fields: readonly ClearablePlanningField[],
  origin?: unknown,
): boolean {
  const map = itemMap(doc, itemId);
  if (!map) return false;
  doc.transact(() => {
    for (const field of fields) if (map.has(field)) map.delete(field);
  }, origin);
  return true;
}
