import { z } from 'zod';
import { NO_TEAM } from './votes';

/*
 * The confidence vote that closes a planning increment: everyone shows a fist of five (1 = no
 * confidence, 5 = very confident) for the plan. Ballots stay hidden (on the server) until the
 * facilitator reveals them; then everyone sees the average and the spread, per team and overall.
 */

export const CONFIDENCE_STATES = ['idle', 'running', 'revealed'] as const;
export type ConfidenceState = (typeof CONFIDENCE_STATES)[number];

/** The lowest and highest fist-of-five vote. */
export const CONFIDENCE_MIN = 1;
export const CONFIDENCE_MAX = 5;

export const confidenceValueValidator = z.number().int().min(CONFIDENCE_MIN).max(CONFIDENCE_MAX);

/** One revealed ballot: the vote and the voter's team when the vote was revealed. */
export const confidenceBallotValidator = z.object({
  value: confidenceValueValidator,
  teamId: z.string().min(1).max(64).nullable(),
});
export type ConfidenceBallot = z.infer<typeof confidenceBallotValidator>;

/** The fields of the round (the `confidenceRound` map), each optional. */
export const confidenceRoundFields = {
  /** Changes with every round, so ballots of an earlier round never count in a new one. */
  id: z.string().max(64),
  state: z.enum(CONFIDENCE_STATES),
  startedBy: z.string().max(200),
  startedAt: z.number().finite().nonnegative(),
} as const;

export interface ConfidenceRound {
  id: string;
  state: ConfidenceState;
  startedBy: string;
}

/** Whether `value` is a fist-of-five vote. */
export function isConfidenceValue(value: unknown): value is number {
  return confidenceValueValidator.safeParse(value).success;
}

/** The results of one group of voters. */
export interface ConfidenceResult {
  votes: number;
  /** Mean vote, to one decimal; null without votes. */
  average: number | null;
  /** How many voted 1, 2, 3, 4 and 5 (index 0 is 1). */
  distribution: [number, number, number, number, number];
}

function emptyResult(): ConfidenceResult {
  return { votes: 0, average: null, distribution: [0, 0, 0, 0, 0] };
}

/** Average and distribution overall and per team ({@link NO_TEAM} for no team). */
export function confidenceResults(ballots: Readonly<Record<string, ConfidenceBallot>>): {
  overall: ConfidenceResult;
  byTeam: Record<string, ConfidenceResult>;
} {
  const overall = emptyResult();
  const byTeam = new Map<string, ConfidenceResult>();
  const sums = new Map<ConfidenceResult, number>();
  const add = (result: ConfidenceResult, value: number) => {
    result.votes += 1;
    result.distribution[value - 1]! += 1;
    sums.set(result, (sums.get(result) ?? 0) + value);
  };
  for (const ballot of Object.values(ballots)) {
    if (!isConfidenceValue(ballot?.value)) continue;
    add(overall, ballot.value);
    const team = ballot.teamId ?? NO_TEAM;
    let result = byTeam.get(team);
    if (!result) byTeam.set(team, (result = emptyResult()));
    add(result, ballot.value);
  }
  for (const [result, sum] of sums) result.average = Math.round((sum / result.votes) * 10) / 10;
  return { overall, byTeam: Object.fromEntries(byTeam) };
}

/** A word for an average, as the room reads a fist of five: 3 or more is a plan people back. */
export function confidenceVerdict(average: number | null): 'none' | 'low' | 'ok' | 'high' {
  if (average === null) return 'none';
  if (average < 3) return 'low';
  return average >= 4 ? 'high' : 'ok';
}
