import {
  addObjective as addObjectiveRecord,
  addRisk as addRiskRecord,
  clearConfidenceRound,
  moveRisk as moveRiskRecord,
  newItemId,
  removeMilestone as removeMilestoneRecord,
  removeObjective as removeObjectiveRecord,
  removeRisk as removeRiskRecord,
  roleAtLeast,
  setMilestone as setMilestoneRecord,
  startConfidenceRound,
  updateObjective as updateObjectiveRecord,
  updateRisk as updateRiskRecord,
} from '@weboard/shared';
import type {
  MilestoneDraft,
  ObjectiveDraft,
  ObjectivePatch,
  RiskDraft,
  RiskMove,
  RiskPatch,
  RiskState,
} from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { LOCAL_ORIGIN } from '../editor/editor';

/*
 * The program-planning panels' one way to change the board (objectives, risks, milestones, the
 * confidence round), beside actions.ts: every action goes through the editor's gate, so a viewer
 * or a snapshot preview stops here, and carries the editor's origin. The facilitator's powers
 * (business values, running the confidence vote) are checked here for the interface and again by
 * the server, which undoes them from anyone else. Drafts are checked by the shared rules first
 * (checkObjective, checkRisk, checkMilestone); each action returns whether it ran.
 */

const isFacilitator = (editor: BoardEditor) => roleAtLeast(editor.role, 'facilitator');

export function addObjective(editor: BoardEditor, draft: ObjectiveDraft, createdBy: string) {
  return editor.change(() =>
    addObjectiveRecord(
      editor.doc,
      { id: newItemId(), ...draft, createdBy, createdAt: Date.now() },
      LOCAL_ORIGIN,
    ),
  );
}

/** Edits an objective; business values only for the facilitator. */
export function updateObjective(editor: BoardEditor, id: string, patch: ObjectivePatch) {
  const valueChange = 'businessValue' in patch || 'actualValue' in patch;
  if (valueChange && !isFacilitator(editor)) return false;
  return editor.change(() => updateObjectiveRecord(editor.doc, id, patch, LOCAL_ORIGIN));
}

export function removeObjective(editor: BoardEditor, id: string) {
  return editor.change(() => removeObjectiveRecord(editor.doc, id, LOCAL_ORIGIN));
}

export function addRisk(editor: BoardEditor, draft: RiskDraft, createdBy: string) {
  return editor.change(() =>
    addRiskRecord(
      editor.doc,
      {
        id: newItemId(),
        text: draft.text,
        state: 'new',
        ...(draft.owner ? { owner: draft.owner } : {}),
        ...(draft.teamId ? { teamId: draft.teamId } : {}),
        ...(draft.itemId ? { itemId: draft.itemId } : {}),
        createdBy,
        createdAt: Date.now(),
      },
      LOCAL_ORIGIN,
    ),
  );
}

export function updateRisk(editor: BoardEditor, id: string, patch: RiskPatch) {
  return editor.change(() => updateRiskRecord(editor.doc, id, patch, LOCAL_ORIGIN));
}

/** Moves a risk to another ROAM state; says why not when the rules refuse. */
export function moveRisk(editor: BoardEditor, id: string, to: RiskState): RiskMove {
  let result: RiskMove = { ok: false, reason: 'This board is read-only.' };
  editor.change(() => {
    result = moveRiskRecord(editor.doc, id, to, LOCAL_ORIGIN);
  });
  return result;
}

export function removeRisk(editor: BoardEditor, id: string) {
  return editor.change(() => removeRiskRecord(editor.doc, id, LOCAL_ORIGIN));
}

/** Adds a milestone (no id) or changes one. */
export function saveMilestone(
  editor: BoardEditor,
  draft: MilestoneDraft,
  createdBy: string,
  id: string = newItemId(),
) {
  return editor.change(() =>
    setMilestoneRecord(
      editor.doc,
      {
        id,
        name: draft.name,
        ...(draft.laneId ? { laneId: draft.laneId } : {}),
        ...(draft.date ? { date: draft.date } : {}),
        createdBy,
        createdAt: Date.now(),
      },
      LOCAL_ORIGIN,
    ),
  );
}

export function removeMilestone(editor: BoardEditor, id: string) {
  return editor.change(() => removeMilestoneRecord(editor.doc, id, LOCAL_ORIGIN));
}

/** Starts a new confidence round (facilitator): last results cleared, everyone votes again. */
export function startConfidence(editor: BoardEditor, startedBy: string) {
  if (!isFacilitator(editor)) return false;
  return editor.change(() =>
    startConfidenceRound(
      editor.doc,
      { id: newItemId(), startedBy, startedAt: Date.now() },
      LOCAL_ORIGIN,
    ),
  );
}

/** Ends the confidence vote and clears its results (facilitator). */
export function clearConfidence(editor: BoardEditor) {
  if (!isFacilitator(editor)) return false;
  return editor.change(() => clearConfidenceRound(editor.doc, LOCAL_ORIGIN));
}
