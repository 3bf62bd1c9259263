import type * as Y from 'yjs';
import { MAP } from './keys';
import { milestoneValidator } from '../planning/milestones';
import type { Milestone } from '../planning/milestones';
import { readFieldRecords, writeRecordFields } from './field-records';

/*
 *   milestones: Y.Map  milestoneId -> Y.Map { name, laneId?, date?, color?, createdBy?, createdAt? }
 * A milestone whose lane is removed keeps the dangling id; readers place it by its date only.
 */
export const MILESTONES = MAP.milestones;

export function milestonesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MILESTONES);
}

export function readMilestones(doc: Y.Doc): Milestone[] {
  return readFieldRecords(doc, MILESTONES, milestoneValidator);
}

/** Adds or replaces a milestone (fields it no longer has are cleared). Throws if it is invalid. */
export function setMilestone(doc: Y.Doc, milestone: Milestone, origin?: unknown): void {
  const { id, ...fields } = milestoneValidator.parse(milestone);
  doc.transact(
    () =>
      writeRecordFields(doc, MILESTONES, id, {
        laneId: null,
        date: null,
        color: null,
        ...fields,
      }),
    origin,
  );
}

export function removeMilestone(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!milestonesMap(doc).has(id)) return false;
  doc.transact(() => milestonesMap(doc).delete(id), origin);
  return true;
}
