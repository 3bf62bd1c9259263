import { z } from 'zod';

/*
 * Team objectives for the planning increment: what each team commits to (or stretches for), with
 * the business value the business owners give each one (1–10, set by the facilitator only) and,
 * at the end of the increment, the value actually achieved.
 */

export const OBJECTIVE_KINDS = ['committed', 'stretch'] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];

const recordId = z.string().min(1).max(64);

/** Longest objective text. */
export const MAX_OBJECTIVE_TEXT = 500;

/** A whole number from 1 to 10: the business value planned for an objective. */
export const businessValueValidator = z.number().int().min(1).max(10);
/** A whole number from 0 to 10: the business value an objective actually delivered. */
export const actualValueValidator = z.number().int().min(0).max(10);

/** One team objective; stored in the board's `objectives` map, id → Y.Map of these fields. */
export const objectiveValidator = z.object({
  id: recordId,
  teamId: recordId,
  text: z.string().trim().min(1).max(MAX_OBJECTIVE_TEXT),
  kind: z.enum(OBJECTIVE_KINDS),
  /** Planned business value (facilitator only). */
  businessValue: businessValueValidator.optional(),
  /** Business value achieved (facilitator only), set when the increment is reviewed. */
  actualValue: actualValueValidator.optional(),
  createdBy: z.string().max(200).optional(),
  createdAt: z.number().finite().nonnegative().optional(),
});
export type Objective = z.infer<typeof objectiveValidator>;

/** The fields of an objective only a facilitator may set (the server undoes anyone else's change). */
export const FACILITATOR_OBJECTIVE_FIELDS = ['businessValue', 'actualValue'] as const;

/** What someone typed for a new or edited objective. */
export interface ObjectiveDraft {
  teamId: string;
  text: string;
  kind: ObjectiveKind;
}

export type ObjectiveCheck = { ok: true; draft: ObjectiveDraft } | { ok: false; reason: string };

/** Checks a draft against the board's teams; the draft comes back trimmed. */
export function checkObjective(
  draft: ObjectiveDraft,
  teamIds: ReadonlySet<string>,
): ObjectiveCheck {
  const text = draft.text.trim();
  if (text.length === 0) return { ok: false, reason: 'An objective needs a text.' };
  if (text.length > MAX_OBJECTIVE_TEXT)
    return { ok: false, reason: `An objective is at most ${MAX_OBJECTIVE_TEXT} characters.` };
  if (!teamIds.has(draft.teamId)) return { ok: false, reason: 'Pick a team of this board.' };
  if (!OBJECTIVE_KINDS.includes(draft.kind))
    return { ok: false, reason: 'An objective is committed or stretch.' };
  return { ok: true, draft: { ...draft, text } };
}

/**
 * Reads a business value someone typed: a whole number in range, null for an empty field (no
 * value), undefined when it is not one.
 */
export function parseBusinessValue(input: string, actual = false): number | null | undefined {
  const text = input.trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return (actual ? actualValueValidator : businessValueValidator).safeParse(value).success
    ? value
    : undefined;
}

/** One team's objectives, summed up. */
export interface ObjectiveSummary {
  committed: number;
  stretch: number;
  /** Business value planned for the committed objectives (stretch ones are not counted in). */
  planned: number;
  /** Business value achieved, stretch objectives included. */
  actual: number;
  /** actual / planned in percent, rounded; null while nothing is planned or nothing achieved. */
  achievement: number | null;
}

/**
 * Per team: counts, planned and actual business value and the achievement (the program
 * predictability measure: stretch objectives add to what is achieved, never to what was planned).
 */
export function summarizeObjectives(
  objectives: readonly Objective[],
): Record<string, ObjectiveSummary> {
  const byTeam = new Map<string, ObjectiveSummary & { anyActual: boolean }>();
  for (const objective of objectives) {
    let summary = byTeam.get(objective.teamId);
    if (!summary) {
      summary = {
        committed: 0,
        stretch: 0,
        planned: 0,
        actual: 0,
        achievement: null,
        anyActual: false,
      };
      byTeam.set(objective.teamId, summary);
    }
    summary[objective.kind] += 1;
    if (objective.kind === 'committed') summary.planned += objective.businessValue ?? 0;
    if (objective.actualValue !== undefined) {
      summary.actual += objective.actualValue;
      summary.anyActual = true;
    }
  }
  const result: [string, ObjectiveSummary][] = [];
  for (const [teamId, { anyActual, ...summary }] of byTeam)
    result.push([
      teamId,
      {
        ...summary,
        achievement:
          anyActual && summary.planned > 0
            ? Math.round((summary.actual / summary.planned) * 100)
            : null,
      },
    ]);
  return Object.fromEntries(result);
}

/** Objectives in the order panels list them: by team, committed before stretch, then by age. */
export function sortObjectives(objectives: readonly Objective[]): Objective[] {
  return [...objectives].sort(
    (a, b) =>
      (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0) ||
      OBJECTIVE_KINDS.indexOf(a.kind) - OBJECTIVE_KINDS.indexOf(b.kind) ||
      (a.createdAt ?? 0) - (b.createdAt ?? 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
