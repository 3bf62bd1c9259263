/*
 * Dependency agreements: the team that needs something (the dependent card's team) asks the team
 * that must deliver it (the dependency card's team); that team accepts, naming the iteration it
 * will deliver in, or declines. A dependency that was never requested keeps the health the plan
 * gives it; an open or declined request, or a promise later than the need, is not healthy.
 */

export const AGREEMENT_STATES = ['requested', 'accepted', 'declined'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** The agreement on one dependency (stored under the depends-on connector's id). */
export interface Agreement {
  state: AgreementState;
  /** The team that asked (the dependent's team), when it has one. */
  fromTeamId?: string | undefined;
  /** The team asked (the dependency's team), when it has one. */
  toTeamId?: string | undefined;
  /** The iteration (lane) the asked team promised; only when accepted. */
  laneId?: string | undefined;
  /** Display names of who asked and who answered. */
  requestedBy: string;
  answeredBy?: string | undefined;
  /** A short note: what is needed, or why it was declined. */
  note?: string | undefined;
}

export type AgreementReason =
  'agreement-requested' | 'agreement-declined' | 'agreement-after-need' | 'agreement-ok';

/**
 * What an agreement says about a dependency's health: `requested` is amber (nobody has committed
 * yet), `declined` is red, `accepted` for an iteration after the one the dependent is planned in is
 * red; otherwise (accepted in time, or no agreement) it adds nothing. `laneOrder` gives each lane's
 * position; `dependentLaneId` is where the card that needs the work is planned.
 */
export function agreementHealth(
  agreement: Agreement | null | undefined,
  dependentLaneId: string | null | undefined,
  laneOrder: ReadonlyMap<string, number>,
): { health: 'green' | 'amber' | 'red'; reason: AgreementReason } | null {
  if (!agreement) return null;
  switch (agreement.state) {
    case 'requested':
      return { health: 'amber', reason: 'agreement-requested' };
    case 'declined':
      return { health: 'red', reason: 'agreement-declined' };
    case 'accepted': {
      const promised = agreement.laneId ? laneOrder.get(agreement.laneId) : undefined;
      const needed = dependentLaneId ? laneOrder.get(dependentLaneId) : undefined;
      if (promised !== undefined && needed !== undefined && promised > needed)
        return { health: 'red', reason: 'agreement-after-need' };
      return { health: 'green', reason: 'agreement-ok' };
    }
  }
}

/** Someone acting on an agreement: their team (null for none) and whether they facilitate. */
export interface AgreementActor {
  teamId: string | null;
  facilitator: boolean;
  name: string;
}

export type AgreementAction =
  | { type: 'request'; note?: string }
  | { type: 'accept'; laneId: string; note?: string }
  | { type: 'decline'; note?: string }
  | { type: 'withdraw' };

/** Why an action on an agreement was refused. */
export type AgreementRefusal =
  'not-requesting-team' | 'not-asked-team' | 'no-request' | 'no-iteration' | 'already-requested';

/**
 * The next agreement after `action` by `actor`, or why it is refused. Only the team that needs
 * the work (or a facilitator) requests or withdraws; only the team asked (or a facilitator)
 * accepts or declines, and only an open request or an earlier answer (an answer can be changed).
 * `withdraw` gives null: the dependency goes back to having no agreement. A card without a team
 * can be acted for by anyone who can edit.
 */
export function applyAgreement(
  current: Agreement | null | undefined,
  action: AgreementAction,
  actor: AgreementActor,
  teams: {
    dependentTeamId: string | null | undefined;
    dependencyTeamId: string | null | undefined;
  },
): { ok: true; next: Agreement | null } | { ok: false; reason: AgreementRefusal } {
  const mayAct = (teamId: string | null | undefined) =>
    actor.facilitator || !teamId || actor.teamId === teamId;
  const note =
    'note' in action && action.note?.trim() ? action.note.trim().slice(0, 500) : undefined;
  switch (action.type) {
    case 'request':
      if (!mayAct(teams.dependentTeamId)) return { ok: false, reason: 'not-requesting-team' };
      if (current?.state === 'requested') return { ok: false, reason: 'already-requested' };
      return {
        ok: true,
        next: strip({
          state: 'requested',
          fromTeamId: teams.dependentTeamId ?? undefined,
          toTeamId: teams.dependencyTeamId ?? undefined,
          requestedBy: actor.name,
          note,
        }),
      };
    case 'withdraw':
      if (!mayAct(teams.dependentTeamId)) return { ok: false, reason: 'not-requesting-team' };
      if (!current) return { ok: false, reason: 'no-request' };
      return { ok: true, next: null };
    case 'accept':
    case 'decline': {
      if (!mayAct(teams.dependencyTeamId)) return { ok: false, reason: 'not-asked-team' };
      if (!current) return { ok: false, reason: 'no-request' };
      if (action.type === 'accept' && !action.laneId) return { ok: false, reason: 'no-iteration' };
      return {
        ok: true,
        next: strip({
          state: action.type === 'accept' ? 'accepted' : 'declined',
          fromTeamId: current.fromTeamId,
          toTeamId: current.toTeamId,
          requestedBy: current.requestedBy,
          answeredBy: actor.name,
          laneId: action.type === 'accept' ? action.laneId : undefined,
          note: note ?? current.note,
        }),
      };
    }
  }
}

/** The agreement without its undefined fields (Yjs stores plain JSON; undefined is not JSON). */
function strip(agreement: Agreement): Agreement {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(agreement)) if (value !== undefined) copy[key] = value;
  return copy as unknown as Agreement;
}
