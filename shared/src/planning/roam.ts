import { z } from 'zod';

/*
 * The program risk board: every risk raised during planning is ROAMed in front of everyone:
 * Resolved (no longer a risk), Owned (someone takes it on), Accepted (nothing more can be done),
 * Mitigated (a plan reduces it). A new risk is not ROAMed yet.
 */

/** The four ROAM states, in the order the board shows them. */
export const ROAM_STATES = ['resolved', 'owned', 'accepted', 'mitigated'] as const;
/** Every state a risk can be in: not ROAMed yet (`new`), or one of the four. */
export const RISK_STATES = ['new', ...ROAM_STATES] as const;
export type RiskState = (typeof RISK_STATES)[number];

export const RISK_STATE_NAMES: Readonly<Record<RiskState, string>> = {
  new: 'New (not ROAMed)',
  resolved: 'Resolved',
  owned: 'Owned',
  accepted: 'Accepted',
  mitigated: 'Mitigated',
};

const recordId = z.string().min(1).max(64);

export const MAX_RISK_TEXT = 500;

/** One risk; stored in the board's `risks` map, id → Y.Map of these fields. */
export const riskValidator = z.object({
  id: recordId,
  text: z.string().trim().min(1).max(MAX_RISK_TEXT),
  /** Who owns the risk (a name, free text); empty while nobody does. */
  owner: z.string().max(200).optional(),
  /** The team the risk belongs to, if any. */
  teamId: recordId.optional(),
  /** The card (backlog item) the risk is about, if any. */
  itemId: recordId.optional(),
  state: z.enum(RISK_STATES),
  createdBy: z.string().max(200).optional(),
  createdAt: z.number().finite().nonnegative().optional(),
});
export type Risk = z.infer<typeof riskValidator>;

export type RiskMove = { ok: true } | { ok: false; reason: string };

/**
 * Whether a risk may move from its state to `to`. Any state may follow any other (a resolved
 * risk can come back), except that a risk is Owned only when someone owns it, and a move must
 * change something.
 */
export function canMoveRisk(risk: Pick<Risk, 'state' | 'owner'>, to: RiskState): RiskMove {
  if (!RISK_STATES.includes(to)) return { ok: false, reason: 'Not a risk state.' };
  if (risk.state === to)
    return { ok: false, reason: `The risk is ${RISK_STATE_NAMES[to]} already.` };
  if (to === 'owned' && !risk.owner?.trim())
    return { ok: false, reason: 'Name an owner before the risk can be Owned.' };
  return { ok: true };
}

/** What someone typed for a new risk. */
export interface RiskDraft {
  text: string;
  owner: string;
  teamId: string | null;
  itemId: string | null;
}

export type RiskCheck = { ok: true; draft: RiskDraft } | { ok: false; reason: string };

/** Checks a new risk against the board's teams and items; the texts come back trimmed. */
export function checkRisk(
  draft: RiskDraft,
  teamIds: ReadonlySet<string>,
  itemIds: ReadonlySet<string>,
): RiskCheck {
  const text = draft.text.trim();
  const owner = draft.owner.trim();
  if (text.length === 0) return { ok: false, reason: 'A risk needs a text.' };
  if (text.length > MAX_RISK_TEXT)
    return { ok: false, reason: `A risk is at most ${MAX_RISK_TEXT} characters.` };
  if (owner.length > 200) return { ok: false, reason: 'An owner is at most 200 characters.' };
  if (draft.teamId !== null && !teamIds.has(draft.teamId))
    return { ok: false, reason: 'The team is not on this board.' };
  if (draft.itemId !== null && !itemIds.has(draft.itemId))
    return { ok: false, reason: 'The card is not on this board.' };
  return { ok: true, draft: { ...draft, text, owner } };
}

/** The risk board's columns: every state with its risks, oldest first. */
export function roamColumns(risks: readonly Risk[]): Record<RiskState, Risk[]> {
  const columns = Object.fromEntries(RISK_STATES.map((s) => [s, [] as Risk[]])) as Record<
    RiskState,
    Risk[]
  >;
  for (const risk of risks) columns[risk.state].push(risk);
  for (const column of Object.values(columns))
    column.sort(
      (a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  return columns;
}
