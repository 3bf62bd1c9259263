import {
  applyAgreement,
  recordTeamOrder as teamOrderRanks,
  setAgreement as setAgreementRecord,
  setCapacity as setCapacityRecord,
  updateItem,
} from '@weboard/shared';
import type {
  AgreementAction,
  AgreementRefusal,
  CardItem,
  IndexKey,
  ResolvePlan,
} from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { LOCAL_ORIGIN } from '../editor/editor';
import type { Planning } from './planning';
import type { DependencyView } from './view';

/*
 * Program-planning actions beside actions.ts: team capacities, dependency agreements, each team's
 * own order, and resolving every rank conflict at once. Like actions.ts they write only through
 * the editor's gate (viewers, previews and locked cards stop here) with the editor's origin.
 */

/**
 * Whether we may set `teamId`'s capacities: its own members (who plan for it) and facilitators.
 * The server lets any editor write the board; this team rule is the client's (see the README).
 */
export function canSetCapacity(editor: BoardEditor, planning: Planning, teamId: string): boolean {
  return editor.canEdit && (editor.role === 'facilitator' || planning.myTeam.get() === teamId);
}

/** Sets (or, with null, clears) a team's capacity for one iteration. */
export function setCapacity(
  editor: BoardEditor,
  planning: Planning,
  teamId: string,
  laneId: string,
  points: number | null,
): boolean {
  if (!canSetCapacity(editor, planning, teamId)) return false;
  if (points !== null && (!Number.isFinite(points) || points < 0 || points > 100_000)) return false;
  return editor.change(() => setCapacityRecord(editor.doc, teamId, laneId, points, LOCAL_ORIGIN));
}

/** Who we are to the agreement rules. */
function actor(editor: BoardEditor, planning: Planning) {
  const me = planning.state.get().members[planning.userId];
  return {
    teamId: planning.myTeam.get() ?? null,
    facilitator: editor.role === 'facilitator',
    name: me?.name || 'Someone',
  };
}

/** Whether we may take `action` on the dependency's agreement (for showing the buttons). */
export function mayAgree(
  editor: BoardEditor,
  planning: Planning,
  dependency: DependencyView,
  action: AgreementAction,
): boolean {
  if (!editor.canEdit) return false;
  return applyAgreement(dependency.agreement, action, actor(editor, planning), {
    dependentTeamId: dependency.dependent.teamId,
    dependencyTeamId: dependency.dependency.teamId,
  }).ok;
}

/** Requests, accepts, declines or withdraws a dependency agreement; the refusal when not allowed. */
export function agree(
  editor: BoardEditor,
  planning: Planning,
  dependency: DependencyView,
  action: AgreementAction,
): { ok: true } | { ok: false; reason: AgreementRefusal | 'read-only' } {
  const result = applyAgreement(dependency.agreement, action, actor(editor, planning), {
    dependentTeamId: dependency.dependent.teamId,
    dependencyTeamId: dependency.dependency.teamId,
  });
  if (!result.ok) return result;
  const ran = editor.change(() =>
    setAgreementRecord(editor.doc, dependency.edge.id, result.next, LOCAL_ORIGIN),
  );
  return ran ? { ok: true } : { ok: false, reason: 'read-only' };
}

/** Makes the team's current place in the unified backlog its own order (`teamRank`). */
export function recordTeamOrder(editor: BoardEditor, backlog: readonly CardItem[], teamId: string) {
  return writeField(editor, 'teamRank', teamOrderRanks(backlog, teamId));
}

/**
 * Applies a "resolve all rank conflicts" plan as one change (so one undo takes it back). Refused
 * as a whole when a card it moves is locked and we are not a facilitator: half a plan could leave
 * new conflicts.
 */
export function applyResolvePlan(editor: BoardEditor, plan: ResolvePlan): boolean {
  if (Object.keys(plan.ranks).length === 0) return false;
  return writeField(editor, 'rank', plan.ranks);
}

function writeField(
  editor: BoardEditor,
  field: 'rank' | 'teamRank',
  keys: Readonly<Record<string, IndexKey>>,
): boolean {
  const ids = Object.keys(keys);
  if (ids.length === 0) return false;
  return editor.change(() => {
    for (const id of ids) updateItem(editor.doc, id, { [field]: keys[id] }, LOCAL_ORIGIN);
  }, ids);
}
