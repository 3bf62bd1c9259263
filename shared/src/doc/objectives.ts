import type * as Y from 'yjs';
import { MAP } from './keys';
import { objectiveValidator, sortObjectives } from '../planning/objectives';
import type { Objective, ObjectiveKind } from '../planning/objectives';
import { patchedFields, readFieldRecords, writeRecordFields } from './field-records';

/*
 *   objectives: Y.Map  objectiveId -> Y.Map { teamId, text, kind, businessValue?, actualValue?,
 *                                             createdBy?, createdAt? }
 * businessValue and actualValue are the facilitator's (the server undoes anyone else's change).
 */
export const OBJECTIVES = MAP.objectives;

export function objectivesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(OBJECTIVES);
}

/** The board's valid objectives, by team, committed before stretch, oldest first. */
export function readObjectives(doc: Y.Doc): Objective[] {
  return sortObjectives(readFieldRecords(doc, OBJECTIVES, objectiveValidator));
}

/** Adds an objective. Throws if it is invalid. */
export function addObjective(doc: Y.Doc, objective: Objective, origin?: unknown): void {
  const { id, ...fields } = objectiveValidator.parse(objective);
  doc.transact(() => writeRecordFields(doc, OBJECTIVES, id, fields), origin);
}

/** What an edit of an objective may change; `null` clears a business value. */
export interface ObjectivePatch {
  text?: string;
  kind?: ObjectiveKind;
  teamId?: string;
  businessValue?: number | null;
  actualValue?: number | null;
}

/** Changes an objective; false when there is none with that id. Throws if the result is invalid. */
export function updateObjective(
  doc: Y.Doc,
  id: string,
  patch: ObjectivePatch,
  origin?: unknown,
): boolean {
  const fields = patchedFields(doc, OBJECTIVES, id, patch, objectiveValidator);
  if (!fields) return false;
  doc.transact(() => writeRecordFields(doc, OBJECTIVES, id, fields), origin);
  return true;
}

export function removeObjective(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!objectivesMap(doc).has(id)) return false;
  doc.transact(() => objectivesMap(doc).delete(id), origin);
  return true;
}
