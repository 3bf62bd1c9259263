import type * as Y from 'yjs';
import { MAP } from './keys';
import { canMoveRisk, riskValidator } from '../planning/roam';
import type { Risk, RiskMove, RiskState } from '../planning/roam';
import { patchedFields, readFieldRecords, writeRecordFields } from './field-records';

/*
 *   risks: Y.Map  riskId -> Y.Map { text, owner?, teamId?, itemId?, state, createdBy?, createdAt? }
 * One key per field: one person moving a risk while another names its owner both win.
 */
export const RISKS = MAP.risks;

export function risksMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(RISKS);
}

/** The board's valid risks (any order; see roamColumns for the board's). */
export function readRisks(doc: Y.Doc): Risk[] {
  return readFieldRecords(doc, RISKS, riskValidator);
}

/** Adds a risk. Throws if it is invalid. */
export function addRisk(doc: Y.Doc, risk: Risk, origin?: unknown): void {
  const { id, ...fields } = riskValidator.parse(risk);
  doc.transact(() => writeRecordFields(doc, RISKS, id, fields), origin);
}

/** What an edit of a risk may change; `null` clears an optional field. */
export interface RiskPatch {
  text?: string;
  owner?: string | null;
  teamId?: string | null;
  itemId?: string | null;
}

/** Edits a risk's text, owner or links; false when there is none. Throws if the result is invalid. */
export function updateRisk(doc: Y.Doc, id: string, patch: RiskPatch, origin?: unknown): boolean {
  const fields = patchedFields(doc, RISKS, id, patch, riskValidator);
  if (!fields) return false;
  doc.transact(() => writeRecordFields(doc, RISKS, id, fields), origin);
  return true;
}

/** Moves a risk to another state when {@link canMoveRisk} allows it; says why not otherwise. */
export function moveRisk(doc: Y.Doc, id: string, to: RiskState, origin?: unknown): RiskMove {
  const risk = readRisks(doc).find((r) => r.id === id);
  if (!risk) return { ok: false, reason: 'There is no such risk.' };
  const check = canMoveRisk(risk, to);
  if (check.ok) doc.transact(() => writeRecordFields(doc, RISKS, id, { state: to }), origin);
  return check;
}

export function removeRisk(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!risksMap(doc).has(id)) return false;
  doc.transact(() => risksMap(doc).delete(id), origin);
  return true;
}
