import { compareIndex } from './rank';
import type { IndexKey } from './rank';
import { rankAll, rankedOrder } from './rank-ops';
import type { Rankable } from './rank-ops';

/*
 * Each team's own order: the order a team brought its backlog in (from its import, or recorded on
 * the board), kept on each card as `teamRank` while the unified backlog's `rank` is changed by the
 * whole program. Comparing the two shows a team where the program's order departs from its own.
 */

/** A card as the team-order view sees it. */
export interface TeamOrdered extends Rankable {
  teamId?: string | null | undefined;
  teamRank?: IndexKey | null | undefined;
}

/**
 * `teamRank` keys for cards in the order given (first = the team's top item). The import uses it
 * with the file's row order; "record team order" uses it with the team's current unified order.
 */
export function teamRanksFor(ids: readonly string[]): Record<string, IndexKey> {
  return rankAll(ids);
}

/** The `teamRank` keys that make a team's current place in the unified backlog its own order. */
export function recordTeamOrder(
  cards: readonly TeamOrdered[],
  teamId: string,
): Record<string, IndexKey> {
  return teamRanksFor(
    rankedOrder(cards)
      .filter((c) => c.teamId === teamId && c.rank)
      .map((c) => c.id),
  );
}

/** One of a team's cards, placed in the team's own order and in the program's. */
export interface TeamOrderRow {
  id: string;
  /** Place in the team's own order (1 = its top item); null when the card has no `teamRank`. */
  teamPosition: number | null;
  /** Place among the team's cards in the unified backlog (1 = the team's highest there). */
  programPosition: number;
  /** Place in the whole unified backlog (1 = top); null when the card is unranked. */
  unifiedRank: number | null;
  /** teamPosition − programPosition: > 0 the program ranks it higher than the team did, < 0 lower. */
  shift: number | null;
}

/** The team's cards in the program's order, with where the team itself put each of them. */
export function teamOrderView(cards: readonly TeamOrdered[], teamId: string): TeamOrderRow[] {
  const unified = rankedOrder(cards);
  const unifiedRank = new Map<string, number>();
  unified.forEach((c, i) => {
    if (c.rank) unifiedRank.set(c.id, i + 1);
  });
  const mine = unified.filter((c) => c.teamId === teamId);
  const own = mine
    .filter((c) => c.teamRank)
    .sort((a, b) => compareIndex({ key: a.teamRank!, id: a.id }, { key: b.teamRank!, id: b.id }));
  const teamPosition = new Map(own.map((c, i) => [c.id, i + 1]));
  // The shift compares like with like: places among the cards that have a team order.
  let ordered = 0;
  return mine.map((c, i) => {
    const team = teamPosition.get(c.id) ?? null;
    if (team !== null) ordered += 1;
    return {
      id: c.id,
      teamPosition: team,
      programPosition: i + 1,
      unifiedRank: unifiedRank.get(c.id) ?? null,
      shift: team === null ? null : team - ordered,
    };
  });
}

/** How many of a team's cards the program placed differently from the team's own order. */
export function departures(rows: readonly TeamOrderRow[]): number {
  return rows.filter((r) => r.shift !== null && r.shift !== 0).length;
}
