import {
  assessDependency,
  cellLoads,
  cutLines,
  dependencyEdges,
  isBacklogItem,
  itemScore,
  itemsInCycles,
  itemTitle,
  rankConflicts,
  rankedOrder,
  tallyVotes,
  worseHealth,
} from '@weboard/shared';
import type {
  Agreement,
  BoardItem,
  CellLoad,
  CutLine,
  CardItem,
  DependencyEdge,
  DependencyHealth,
  DependencyHealthReason,
  RankConflict,
  ScoringMethod,
  Team,
  VoteTally,
} from '@weboard/shared';
import type { PlanningState } from './planning';

/** One dependency with both ends resolved, as the panels and the canvas show it. */
export interface DependencyView {
  edge: DependencyEdge;
  dependent: CardItem;
  dependency: CardItem;
  health: DependencyHealth;
  reason: DependencyHealthReason;
  crossTeam: boolean;
  /** The request/answer between the two teams, if one was made. */
  agreement: Agreement | null;
}

/** Everything the planning UI derives from the items and the planning state. */
export interface PlanningView {
  /** Every backlog card, in ranked order. */
  backlog: CardItem[];
  byId: Map<string, CardItem>;
  teams: Map<string, Team>;
  dependencies: DependencyView[];
  /** Worst health of each card's own dependencies (what it waits for). */
  healthOf: Map<string, DependencyHealth>;
  inCycle: Set<string>;
  conflicts: RankConflict[];
  /** Rank conflicts by dependent id. */
  conflictsOf: Map<string, RankConflict[]>;
  /** Vote tallies; only filled when the results are revealed. */
  tallies: Record<string, VoteTally>;
  /** Our own votes per item (always visible to us). */
  myVotes: Record<string, number>;
  myVotesUsed: number;
  /** Load of each team × iteration cell, by cellKey. */
  loads: Map<string, CellLoad>;
  /** Where each team with a capacity stops fitting, in the unified backlog. */
  cutLines: Map<string, CutLine>;
}

export const HEALTH_REASON_TEXT: Record<DependencyHealthReason, string> = {
  'dependency-in-later-lane': 'the dependency is planned in a later lane',
  'dependency-unplanned': 'the dependency is not planned in any lane',
  'dependency-unranked': 'the dependency is not ranked',
  'dependency-ranked-below': 'same lane, but the dependency is ranked below',
  'agreement-requested': 'requested from the other team, not answered yet',
  'agreement-declined': 'the other team declined the request',
  'agreement-after-need': 'the other team promised it for a later iteration than it is needed',
  ok: 'planned in time',
};

export const HEALTH_COLOR: Record<DependencyHealth, string> = {
  red: '#dc2626',
  amber: '#d97706',
  green: '#16a34a',
};

/** Derives the planning view; pure, so it is unit-tested without a board. */
export function planningView(
  items: readonly BoardItem[],
  state: PlanningState,
  userId: string,
): PlanningView {
  // In no order: the ranked order (a sort of every sticky on the board, ~10 ms at 10,000 when a
  // board arrives, in the task that applies it) is worked out when something reads `backlog`,
  // which the canvas does not.
  const cards = items.filter(isBacklogItem);
  let ranked: CardItem[] | null = null;
  const byId = new Map(cards.map((c) => [c.id, c]));
  const teams = new Map(state.teams.map((t) => [t.id, t]));
  const edges = dependencyEdges(items);
  const dependencies: DependencyView[] = [];
  const healthOf = new Map<string, DependencyHealth>();
  for (const edge of edges) {
    const dependent = byId.get(edge.fromItemId);
    const dependency = byId.get(edge.toItemId);
    if (!dependent || !dependency) continue;
    const agreement = state.agreements.get(edge.id) ?? null;
    const { health, reason } = assessDependency(dependent, dependency, state.lanes, agreement);
    const previous = healthOf.get(dependent.id);
    healthOf.set(dependent.id, previous ? worseHealth(previous, health) : health);
    dependencies.push({
      edge,
      dependent,
      dependency,
      health,
      reason,
      crossTeam: (dependent.teamId ?? '') !== (dependency.teamId ?? ''),
      agreement,
    });
  }
  const conflicts = rankConflicts(cards, edges);
  const conflictsOf = new Map<string, RankConflict[]>();
  for (const c of conflicts)
    conflictsOf.set(c.dependentId, [...(conflictsOf.get(c.dependentId) ?? []), c]);
  const voterTeam: Record<string, string> = {};
  for (const [id, member] of Object.entries(state.members))
    if (member.teamId) voterTeam[id] = member.teamId;
  const revealed = state.session.state === 'revealed';
  const myVotes: Record<string, number> = {};
  let myVotesUsed = 0;
  for (const [itemId, byUser] of Object.entries(state.votes)) {
    const n = Object.hasOwn(byUser, userId) ? byUser[userId]! : 0;
    if (n > 0) {
      myVotes[itemId] = n;
      myVotesUsed += n;
    }
  }
  return {
    get backlog() {
      ranked ??= rankedOrder(cards);
      return ranked;
    },
    byId,
    teams,
    dependencies,
    healthOf,
    inCycle: itemsInCycles(edges),
    conflicts,
    conflictsOf,
    tallies: revealed ? tallyVotes(state.votes, voterTeam, state.session.teamWeights) : {},
    myVotes,
    myVotesUsed,
    loads: cellLoads(cards),
    cutLines: cutLines(cards, state.capacities, new Set(state.lanes.map((l) => l.id))),
  };
}

/** The score shown for a card: WSJF when it has one, else RICE. */
export function displayScore(
  item: CardItem,
  method: ScoringMethod | 'auto' = 'auto',
): { method: ScoringMethod; value: number } | null {
  if (method !== 'auto') {
    const value = itemScore(item, method);
    return value === null ? null : { method, value };
  }
  const wsjf = itemScore(item, 'wsjf');
  if (wsjf !== null) return { method: 'wsjf', value: wsjf };
  const rice = itemScore(item, 'rice');
  return rice === null ? null : { method: 'rice', value: rice };
}

export function formatScore(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

export { itemTitle };
