import type { Rice, Wsjf } from '../schema/planning-fields';

/** The usual WSJF input scale (modified Fibonacci); inputs are relative, compared within a backlog. */
export const WSJF_SCALE = [1, 2, 3, 5, 8, 13, 20] as const;

/** The usual RICE impact scale: minimal, low, medium, high, massive. */
export const RICE_IMPACT_SCALE = [0.25, 0.5, 1, 2, 3] as const;

function isNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/**
 * WSJF = cost of delay / job size = (businessValue + timeCriticality + riskReduction) / jobSize,
 * each input on {@link WSJF_SCALE}. Null when an input is missing or not a number, or the job size
 * is zero or negative (not estimated).
 */
export function wsjfScore(wsjf: Partial<Wsjf> | null | undefined): number | null {
  if (!wsjf) return null;
  const { businessValue, timeCriticality, riskReduction, jobSize } = wsjf;
  if (![businessValue, timeCriticality, riskReduction, jobSize].every(isNumber)) return null;
  if (jobSize! <= 0) return null;
  return (businessValue! + timeCriticality! + riskReduction!) / jobSize!;
}

/**
 * A RICE confidence as a fraction: values up to 1 are fractions already, larger values are
 * percentages (80 → 0.8). Null outside 0..100.
 */
export function normalizeConfidence(confidence: number): number | null {
  if (!isNumber(confidence) || confidence < 0 || confidence > 100) return null;
  return confidence > 1 ? confidence / 100 : confidence;
}

/**
 * RICE = reach × impact × confidence / effort, with impact on {@link RICE_IMPACT_SCALE} and
 * confidence 0..1 (or a percentage, see {@link normalizeConfidence}). Null when an input is
 * missing, or the effort is zero or negative.
 */
export function riceScore(rice: Partial<Rice> | null | undefined): number | null {
  if (!rice) return null;
  const { reach, impact, confidence, effort } = rice;
  if (![reach, impact, confidence, effort].every(isNumber)) return null;
  const fraction = normalizeConfidence(confidence!);
  if (fraction === null || effort! <= 0) return null;
  return (reach! * impact! * fraction) / effort!;
}

export const SCORING_METHODS = ['wsjf', 'rice'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

/** The item's score by `method`, or null when it has not been scored that way. */
export function itemScore(
  item: { wsjf?: Partial<Wsjf> | null; rice?: Partial<Rice> | null },
  method: ScoringMethod,
): number | null {
  switch (method) {
    case 'wsjf':
      return wsjfScore(item.wsjf);
    case 'rice':
      return riceScore(item.rice);
    default: {
      const unknown: never = method;
      throw new Error(`unknown scoring method ${String(unknown)}`);
    }
  }
}
