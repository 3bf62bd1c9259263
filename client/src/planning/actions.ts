import {
  addItem,
  addLane as addLaneRecord,
  applyImportSetup as applyImportSetupRecords,
  bindFrame as bindFrameRecord,
  clearPlanningFields,
  deleteItem,
  ensureLanes,
  makeConnector,
  moveLane as moveLaneRecord,
  newItemId,
  removeLane as removeLaneRecord,
  removeTeam as removeTeamRecord,
  renameLane as renameLaneRecord,
  setAgreement,
  setMember as setMemberRecord,
  setTeam as setTeamRecord,
  setTeamWeights as setTeamWeightsRecord,
  setVoteState as setVoteStateRecord,
  startVote as startVoteRecord,
  topZ,
  updateItem,
} from '@weboard/shared';
import type {
  BoardItem,
  CardItem,
  ClearablePlanningField,
  FrameBinding,
  ImportPlan,
  ItemPatch,
  Member,
  StartVoteOptions,
  Team,
  VoteState,
} from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { LOCAL_ORIGIN } from '../editor/editor';

/*
 * The planning panels' one way to change the board. Every action goes through the editor's gate
 * (`editor.change`), so a viewer, a snapshot preview or a locked card stops it here, it carries
 * the editor's origin (undo takes back what touched items; the relay and persistence see a local
 * change), and the panels never touch the document themselves. Each returns whether it ran.
 */

/** Sets planning fields (team, lane, estimate, scores, rank…) of one card. */
export function setCardFields(editor: BoardEditor, cardId: string, patch: Partial<CardItem>) {
  return editor.change(() => updateItem(editor.doc, cardId, patch, LOCAL_ORIGIN), [cardId]);
}

/** Clears planning fields of one card (no team, no estimate…). */
export function clearCardFields(
  editor: BoardEditor,
  cardId: string,
  fields: readonly ClearablePlanningField[],
) {
  return editor.change(
    () => clearPlanningFields(editor.doc, cardId, fields, LOCAL_ORIGIN),
    [cardId],
  );
}

/** Gives cards new backlog ranks in one change; locked cards keep theirs. */
export function setRanks(editor: BoardEditor, ranks: Readonly<Record<string, string>>) {
  const allowed = Object.entries(ranks).filter(([id]) => editor.canChange(editor.lookup(id)));
  if (allowed.length === 0) return false;
  return editor.change(() => {
    for (const [id, rank] of allowed) updateItem(editor.doc, id, { rank }, LOCAL_ORIGIN);
  });
}

/** Writes patches of several items at once (a card binder's follow-up to our own edit). */
export function patchItems(editor: BoardEditor, patches: readonly [string, ItemPatch][]) {
  const allowed = patches.filter(([id]) => editor.canChange(editor.lookup(id)));
  if (allowed.length === 0) return false;
  return editor.change(() => {
    for (const [id, patch] of allowed) updateItem(editor.doc, id, patch, LOCAL_ORIGIN);
  });
}

/** Makes `card` depend on `target` (a depends-on connector from the card to its dependency). */
export function addDependency(
  editor: BoardEditor,
  card: BoardItem,
  target: BoardItem,
  createdBy: string,
) {
  return editor.change(() =>
    addItem(
      editor.doc,
      makeConnector({
        id: newItemId(),
        z: topZ(editor.doc),
        createdBy,
        kind: 'depends-on',
        from: { itemId: card.id, x: card.x + card.w / 2, y: card.y + card.h / 2 },
        to: { itemId: target.id, x: target.x + target.w / 2, y: target.y + target.h / 2 },
      }),
      LOCAL_ORIGIN,
    ),
  );
}

/** Removes a dependency (its connector) and the agreement made on it. */
export function removeDependency(editor: BoardEditor, connectorId: string) {
  return editor.change(() => {
    deleteItem(editor.doc, connectorId, LOCAL_ORIGIN);
    setAgreement(editor.doc, connectorId, null, LOCAL_ORIGIN);
  }, [connectorId]);
}

/** Binds a frame to a team (a swimlane) and/or a lane; cards lying in it follow. */
export function bindFrame(editor: BoardEditor, frameId: string, binding: FrameBinding) {
  return editor.change(
    () => bindFrameRecord(editor.doc, frameId, binding, LOCAL_ORIGIN),
    [frameId],
  );
}

/** Adds or renames a team. */
export function saveTeam(editor: BoardEditor, team: Team) {
  if (!team.name.trim()) return false;
  return editor.change(() => setTeamRecord(editor.doc, team, LOCAL_ORIGIN));
}

export function removeTeam(editor: BoardEditor, teamId: string) {
  return editor.change(() => removeTeamRecord(editor.doc, teamId, LOCAL_ORIGIN));
}

export function addLane(editor: BoardEditor, name: string) {
  return editor.change(() =>
    addLaneRecord(editor.doc, { id: newItemId(), name }, null, LOCAL_ORIGIN),
  );
}

export function renameLane(editor: BoardEditor, laneId: string, name: string) {
  return editor.change(() => renameLaneRecord(editor.doc, laneId, name, LOCAL_ORIGIN));
}

export function moveLane(editor: BoardEditor, laneId: string, index: number) {
  return editor.change(() => moveLaneRecord(editor.doc, laneId, index, LOCAL_ORIGIN));
}

/** Removes a lane; cards and frames in it lose it in the same change. */
export function removeLane(editor: BoardEditor, laneId: string) {
  return editor.change(() => removeLaneRecord(editor.doc, laneId, LOCAL_ORIGIN));
}

/** Writes our own entry of the board's members (name and team). */
export function setMember(editor: BoardEditor, userId: string, member: Member) {
  return editor.change(() => setMemberRecord(editor.doc, userId, member, LOCAL_ORIGIN));
}

export function startVote(editor: BoardEditor, options: StartVoteOptions) {
  return editor.change(() => startVoteRecord(editor.doc, options, LOCAL_ORIGIN));
}

export function setVoteState(editor: BoardEditor, state: VoteState) {
  return editor.change(() => setVoteStateRecord(editor.doc, state, LOCAL_ORIGIN));
}

export function setTeamWeights(editor: BoardEditor, teamWeights: Record<string, number>) {
  return editor.change(() => setTeamWeightsRecord(editor.doc, teamWeights, LOCAL_ORIGIN));
}

/** Makes sure the board has lanes (Now / Next / Later) before cards that name them arrive. */
export function ensureDefaultLanes(editor: BoardEditor) {
  return editor.change(() => ensureLanes(editor.doc, undefined, LOCAL_ORIGIN));
}

/** Creates the lanes and teams an import needs (and the default lanes) before its cards arrive. */
export function applyImportSetup(editor: BoardEditor, plan: Pick<ImportPlan, 'lanes' | 'teams'>) {
  return editor.change(() => applyImportSetupRecords(editor.doc, plan, LOCAL_ORIGIN));
}

/** Adds imported items (one chunk of an import) in one change. */
export function addImportedItems(editor: BoardEditor, items: readonly BoardItem[]) {
  return editor.change(() => {
    for (const item of items) addItem(editor.doc, item, LOCAL_ORIGIN);
  });
}
