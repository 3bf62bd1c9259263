/**
 * Dot votes, stored per voter: `votes[itemId][userId] = n`. Keying by voter means two people
 * voting at once write different keys and never overwrite each other.
 */
export type Votes = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The `byTeam` key for voters who belong to no team. */
export const NO_TEAM = '(no team)';

/** Vote counts of one item. */
export interface VoteTally {
  /** Every vote, one each. */
  total: number;
  /** Votes multiplied by the voter's team weight (1 when the team has none). */
  weightedTotal: number;
  /** Unweighted votes per team id ({@link NO_TEAM} for voters without a team). */
  byTeam: Record<string, number>;
}

/** A stored count is used only when it is a positive whole number; anything else counts as 0. */
function validCount(n: unknown): number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Tallies every item's votes: total, team-weighted total, and per team. */
export function tallyVotes(
  votes: Votes,
  voterTeam: Readonly<Record<string, string>>,
  teamWeights: Readonly<Record<string, number>> = {},
): Record<string, VoteTally> {
  const tallies: [string, VoteTally][] = [];
  for (const [itemId, byUser] of Object.entries(votes)) {
    let total = 0;
    let weightedTotal = 0;
    const byTeam = new Map<string, number>();
    for (const [userId, raw] of Object.entries(byUser ?? {})) {
      const n = validCount(raw);
      if (n === 0) continue;
      const team = own(voterTeam, userId) ?? NO_TEAM;
      const weight = own(teamWeights, team);
      total += n;
      weightedTotal += n * (typeof weight === 'number' && Number.isFinite(weight) ? weight : 1);
      byTeam.set(team, (byTeam.get(team) ?? 0) + n);
    }
    // fromEntries defines own properties, so ids such as "__proto__" are safe keys.
    tallies.push([itemId, { total, weightedTotal, byTeam: Object.fromEntries(byTeam) }]);
  }
  return Object.fromEntries(tallies);
}

/** Votes `userId` has placed across all items. */
export function votesUsed(votes: Votes, userId: string): number {
  let used = 0;
  for (const byUser of Object.values(votes)) used += validCount(own(byUser, userId));
  return used;
}

/** Votes `userId` may still place; never below zero (even if the budget was lowered after voting). */
export function remainingBudget(votes: Votes, userId: string, budget: number): number {
  return Math.max(0, budget - votesUsed(votes, userId));
}

/** The outcome of a proposed vote change: the count to store, or why it is refused. */
export type VoteCheck =
  { ok: true; next: number } | { ok: false; reason: 'invalid' | 'below-zero' | 'over-budget' };

/**
 * Checks adding `delta` votes (negative to take votes back) by `userId` on `itemId`. A count never
 * goes below zero and a voter's total never goes above `budget`; taking votes back is always
 * allowed down to zero, even for a voter over a lowered budget.
 */
export function canVote(
  votes: Votes,
  userId: string,
  itemId: string,
  delta: number,
  budget: number,
): VoteCheck {
  if (!Number.isInteger(delta) || !Number.isFinite(budget) || budget < 0)
    return { ok: false, reason: 'invalid' };
  const current = validCount(own(own(votes, itemId), userId));
  const next = current + delta;
  if (next < 0) return { ok: false, reason: 'below-zero' };
  if (delta > 0 && votesUsed(votes, userId) + delta > budget)
    return { ok: false, reason: 'over-budget' };
  return { ok: true, next };
}
