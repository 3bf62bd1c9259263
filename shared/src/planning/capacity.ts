import type { Rankable } from './rank-ops';
import { rankedOrder } from './rank-ops';

/*
 * Capacity and load: how much a team can do in an iteration (its capacity, in points) against
 * what the plan puts there (the load: the estimates of the team's cards in that iteration), and
 * where the team's part of the unified backlog stops fitting (the cut line).
 */

/** A card as the load counts it: its team, its lane (iteration) and its estimate in points. */
export interface LoadedCard extends Rankable {
  teamId?: string | null | undefined;
  laneId?: string | null | undefined;
  estimate?: number | null | undefined;
}

/** One team's capacity in one iteration. */
export interface CellCapacity {
  teamId: string;
  laneId: string;
  points: number;
}

/** The key of a team × iteration cell (team and lane ids never contain the separator's pair). */
export function cellKey(teamId: string, laneId: string): string {
  return `${teamId}/${laneId}`;
}

/** The load of one cell: the points of its cards and how many of them have no estimate. */
export interface CellLoad {
  points: number;
  cards: number;
  unestimated: number;
}

const EMPTY_LOAD: CellLoad = { points: 0, cards: 0, unestimated: 0 };

/** A card's points: its estimate when it is a usable number, else 0. */
export function cardPoints(card: LoadedCard): number {
  const e = card.estimate;
  return typeof e === 'number' && Number.isFinite(e) && e > 0 ? e : 0;
}

function hasEstimate(card: LoadedCard): boolean {
  return typeof card.estimate === 'number' && Number.isFinite(card.estimate) && card.estimate >= 0;
}

/** The load of every team × iteration cell that holds a card, by {@link cellKey}. */
export function cellLoads(cards: Iterable<LoadedCard>): Map<string, CellLoad> {
  const loads = new Map<string, CellLoad>();
  for (const card of cards) {
    if (!card.teamId || !card.laneId) continue;
    const key = cellKey(card.teamId, card.laneId);
    const load = loads.get(key) ?? { ...EMPTY_LOAD };
    load.points += cardPoints(card);
    load.cards += 1;
    if (!hasEstimate(card)) load.unestimated += 1;
    loads.set(key, load);
  }
  return loads;
}

/** The load of one cell (an empty cell has none). */
export function loadOf(loads: ReadonlyMap<string, CellLoad>, teamId: string, laneId: string) {
  return loads.get(cellKey(teamId, laneId)) ?? EMPTY_LOAD;
}

/**
 * `none`: no capacity set; `under`: room left; `full`: exactly at capacity; `over`: more load
 * than capacity (by `overflow` points).
 */
export type LoadStatus = 'none' | 'under' | 'full' | 'over';

export interface LoadAssessment {
  load: number;
  capacity: number | null;
  status: LoadStatus;
  /** Points over capacity; 0 unless `over`. */
  overflow: number;
  /** Points still free; 0 unless `under`. */
  free: number;
}

/** Points are shown with at most one decimal (estimates such as 0.5 exist). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 10) / 10);
}

/** Load against capacity for one cell; a null capacity means none was set. */
export function assessLoad(load: number, capacity: number | null | undefined): LoadAssessment {
  const points = Math.round(load * 1000) / 1000;
  if (capacity === null || capacity === undefined || !Number.isFinite(capacity))
    return { load: points, capacity: null, status: 'none', overflow: 0, free: 0 };
  const diff = Math.round((points - capacity) * 1000) / 1000;
  if (diff > 0) return { load: points, capacity, status: 'over', overflow: diff, free: 0 };
  if (diff === 0) return { load: points, capacity, status: 'full', overflow: 0, free: 0 };
  return { load: points, capacity, status: 'under', overflow: 0, free: -diff };
}

/** "13 / 10 pts" (or "13 pts" without a capacity). */
export function formatLoad(assessment: LoadAssessment): string {
  return assessment.capacity === null
    ? `${formatPoints(assessment.load)} pts`
    : `${formatPoints(assessment.load)} / ${formatPoints(assessment.capacity)} pts`;
}

/** "+3" over capacity; empty otherwise. */
export function formatOverflow(assessment: LoadAssessment): string {
  return assessment.status === 'over' ? `+${formatPoints(assessment.overflow)}` : '';
}

/** Capacities by {@link cellKey}. */
export function capacityByCell(capacities: Iterable<CellCapacity>): Map<string, number> {
  return new Map([...capacities].map((c) => [cellKey(c.teamId, c.laneId), c.points]));
}

/** A team's capacity over every iteration of `laneIds` (lanes with no capacity count 0); null when none is set. */
export function teamCapacity(
  capacities: Iterable<CellCapacity>,
  teamId: string,
  laneIds?: ReadonlySet<string>,
): number | null {
  let total: number | null = null;
  for (const c of capacities)
    if (c.teamId === teamId && (!laneIds || laneIds.has(c.laneId))) total = (total ?? 0) + c.points;
  return total;
}

/** Where one team's part of the ranked backlog stops fitting its total capacity. */
export interface CutLine {
  teamId: string;
  capacity: number;
  /** The team's load from the top of the backlog down to and including each of its cards. */
  cumulative: Map<string, number>;
  /** The last of the team's cards that still fits (null when not even the first one does). */
  lastFitting: string | null;
  /** The first card below the line (null when everything fits). */
  firstOver: string | null;
  /** The team's total load and how far it is over capacity (0 when it fits). */
  load: number;
  overflow: number;
}

/**
 * Cut lines per team: walking the unified backlog in rank order, each team's cards add up their
 * points; the line falls after the last card whose running total is within the team's capacity
 * (the sum over the iterations given, or all). Teams without a capacity get no line. Unranked
 * cards come last, as in the backlog.
 */
export function cutLines(
  cards: readonly LoadedCard[],
  capacities: readonly CellCapacity[],
  laneIds?: ReadonlySet<string>,
): Map<string, CutLine> {
  const lines = new Map<string, CutLine>();
  // No team has a capacity: no line, and no sort of every card to find none.
  if (capacities.length === 0) return lines;
  for (const card of rankedOrder(cards)) {
    if (!card.teamId) continue;
    let line = lines.get(card.teamId);
    if (!line) {
      const capacity = teamCapacity(capacities, card.teamId, laneIds);
      if (capacity === null) continue;
      line = {
        teamId: card.teamId,
        capacity,
        cumulative: new Map(),
        lastFitting: null,
        firstOver: null,
        load: 0,
        overflow: 0,
      };
      lines.set(card.teamId, line);
    }
    line.load = Math.round((line.load + cardPoints(card)) * 1000) / 1000;
    line.cumulative.set(card.id, line.load);
    if (line.firstOver === null && line.load > line.capacity) line.firstOver = card.id;
    if (line.firstOver === null) line.lastFitting = card.id;
  }
  for (const line of lines.values())
    line.overflow = Math.max(0, Math.round((line.load - line.capacity) * 1000) / 1000);
  return lines;
}
