import { isBacklogItem, itemTitle } from '../planning/backlog';
import type { Agenda } from '../planning/agenda';
import { assessDependency, dependencyEdges, findCycles } from '../planning/dependencies';
import type { DependencyHealth } from '../planning/dependencies';
import { rankedOrder } from '../planning/rank-ops';
import { NO_TEAM, tallyVotes } from '../planning/votes';
import { DEFAULT_LANES } from '../schema/team';
import { diffBoards } from './board-diff';
import type { BoardChangeKind } from './board-diff';
import type { BoardContent } from './board-file';
import type { Decision } from './decisions';
import type { CommentThread } from './comments-doc';

/*
 * The session summary a facilitator sends after the meeting: the final ranked backlog with
 * positions, the decisions, the vote results per team, dependency health and what changed since
 * the session's first snapshot. Everything is in people's words: positions, titles, team and lane
 * names; never rank keys or ids. Pure: the client renders it as Markdown and PDF.
 */

/** What the summary is made from. */
export interface SessionSummaryInput {
  title: string;
  /** When the summary was made (ms since epoch). */
  at: number;
  board: BoardContent;
  /** Voter user id → team id (see voterTeams). */
  voterTeams: Readonly<Record<string, string>>;
  decisions: readonly Decision[];
  agenda: Agenda | null;
  /** The session's first snapshot, to say what changed since; null when there is none. */
  baseline: { name: string; createdAt: string; board: BoardContent } | null;
  /** The board's comment threads (readCommentThreads); the open ones are its open questions. */
  comments?: readonly CommentThread[];
}

export interface SummaryBacklogRow {
  /** 1-based position in the ranked backlog; null for unranked cards (listed after). */
  position: number | null;
  title: string;
  team: string;
  lane: string;
  votes: number;
}

export interface SummaryDecision {
  text: string;
  by: string;
  at: number;
  step: string;
  /** The cards it is about: "#2 Checkout", or "Checkout (removed)". */
  cards: string[];
}

export interface SummaryTeamVotes {
  team: string;
  /** Cards this team voted for, most votes first. */
  cards: { title: string; votes: number }[];
  total: number;
}

export interface SummaryDependency {
  dependent: string;
  dependency: string;
  health: DependencyHealth;
  /** Why it is amber or red, in words; empty when green. */
  problem: string;
}

export interface SummaryChange {
  kind: string;
  item: string;
  detail: string;
}

/** An open question: an unresolved comment thread, with its replies. */
export interface SummaryQuestion {
  by: string;
  text: string;
  replies: { by: string; text: string }[];
}

export interface SessionSummary {
  title: string;
  at: number;
  agenda: { title: string; minutes: number }[];
  backlog: SummaryBacklogRow[];
  decisions: SummaryDecision[];
  votes: SummaryTeamVotes[];
  dependencies: {
    rows: SummaryDependency[];
    counts: Record<DependencyHealth, number>;
    /** Each cycle as card titles in order. */
    cycles: string[][];
  };
  changes: { since: string; sinceAt: string; rows: SummaryChange[] } | null;
  /** Open comment threads, per item (named as elsewhere: "#2 Checkout"), in board order. */
  questions: { item: string; threads: SummaryQuestion[] }[];
}

const PROBLEM: Record<string, string> = {
  'dependency-in-later-lane': 'the card it depends on is planned in a later lane',
  'dependency-unplanned': 'the card it depends on is in no lane',
  'dependency-unranked': 'the card it depends on is not ranked',
  'dependency-ranked-below': 'the card it depends on is ranked below it',
  ok: '',
};

const KIND_WORDS: Record<BoardChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  edited: 'Edited',
  moved: 'Moved on the board',
  lane: 'Lane',
  team: 'Team',
  rank: 'Rank',
  votes: 'Votes',
  'dependency-added': 'Dependency added',
  'dependency-removed': 'Dependency removed',
};

/** Makes the summary of a session from the board as it is now and the session's records. */
export function sessionSummary(input: SessionSummaryInput): SessionSummary {
  const { board } = input;
  const teams = new Map((board.teams ?? []).map((team) => [team.id, team.name]));
  const lanes = new Map((board.lanes ?? DEFAULT_LANES).map((lane) => [lane.id, lane.name]));
  const cards = board.items.filter(isBacklogItem);
  const ranked = rankedOrder(cards);
  const positions = new Map<string, number>();
  let next = 1;
  for (const card of ranked) if (card.rank) positions.set(card.id, next++);
  const tallies = tallyVotes(board.votes, input.voterTeams);
  const titleOf = new Map(board.items.map((item) => [item.id, cardTitle(item)]));
  const named = (id: string) => {
    const position = positions.get(id);
    const title = titleOf.get(id);
    if (title === undefined) return 'a removed card';
    return position === undefined ? title : `#${position} ${title}`;
  };

  const backlog = ranked.map((card) => ({
    position: positions.get(card.id) ?? null,
    title: itemTitle(card),
    team: card.teamId ? (teams.get(card.teamId) ?? '') : '',
    lane: card.laneId ? (lanes.get(card.laneId) ?? '') : '',
    votes: tallies[card.id]?.total ?? 0,
  }));

  const decisions = input.decisions.map((decision) => ({
    text: decision.text,
    by: decision.by,
    at: decision.at,
    step: decision.step ?? '',
    cards: decision.itemIds.map(named),
  }));

  const byTeam = new Map<string, { title: string; votes: number }[]>();
  for (const card of cards) {
    for (const [team, votes] of Object.entries(tallies[card.id]?.byTeam ?? {})) {
      const name = team === NO_TEAM ? 'No team' : (teams.get(team) ?? 'A removed team');
      const list = byTeam.get(name) ?? [];
      list.push({ title: named(card.id), votes });
      byTeam.set(name, list);
    }
  }
  const votes = [...byTeam.entries()]
    .map(([team, list]) => ({
      team,
      cards: list.sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title)),
      total: list.reduce((sum, card) => sum + card.votes, 0),
    }))
    .sort((a, b) => a.team.localeCompare(b.team));

  const byId = new Map(cards.map((card) => [card.id, card]));
  const edges = dependencyEdges(board.items);
  const counts: Record<DependencyHealth, number> = { green: 0, amber: 0, red: 0 };
  const rows: SummaryDependency[] = [];
  for (const edge of edges) {
    const dependent = byId.get(edge.fromItemId);
    const dependency = byId.get(edge.toItemId);
    if (!dependent || !dependency) continue;
    const { health, reason } = assessDependency(
      dependent,
      dependency,
      board.lanes ?? DEFAULT_LANES,
    );
    counts[health] += 1;
    rows.push({
      dependent: named(dependent.id),
      dependency: named(dependency.id),
      health,
      problem: PROBLEM[reason] ?? '',
    });
  }
  const order = { red: 0, amber: 1, green: 2 };
  rows.sort((a, b) => order[a.health] - order[b.health] || a.dependent.localeCompare(b.dependent));
  const cycles = findCycles(edges).map((cycle) => cycle.map(named));

  const changes = input.baseline
    ? {
        since: input.baseline.name,
        sinceAt: input.baseline.createdAt,
        // Where a card sits on the canvas is no news in a summary; its rank, lane and team are.
        rows: diffBoards(input.baseline.board, board)
          .filter((change) => change.kind !== 'moved')
          .map((change) => ({
            kind: KIND_WORDS[change.kind],
            item: change.label,
            detail: change.kind === 'added' || change.kind === 'removed' ? '' : change.detail,
          })),
      }
    : null;

  return {
    title: input.title,
    at: input.at,
    agenda: (input.agenda?.steps ?? []).map((step) => ({
      title: step.title,
      minutes: step.minutes,
    })),
    backlog,
    decisions,
    votes,
    dependencies: { rows, counts, cycles },
    changes,
    questions: openQuestions(input.comments ?? [], (id) =>
      titleOf.has(id) ? named(id) : undefined,
    ),
  };
}

function cardTitle(item: { type: string }): string {
  const text = (item as { text?: unknown }).text;
  return typeof text === 'string' ? itemTitle({ text }) : item.type;
}

/** The open threads grouped by item, items in the order their first question was asked. */
function openQuestions(
  threads: readonly CommentThread[],
  named: (itemId: string) => string | undefined,
): SessionSummary['questions'] {
  const byItem = new Map<string, SummaryQuestion[]>();
  for (const thread of threads) {
    const item = named(thread.itemId);
    if (thread.resolved || item === undefined) continue;
    const [first, ...replies] = thread.comments;
    if (!first) continue;
    const list = byItem.get(item) ?? [];
    list.push({
      by: first.name || 'Someone',
      text: first.text,
      replies: replies.map((reply) => ({ by: reply.name || 'Someone', text: reply.text })),
    });
    byItem.set(item, list);
  }
  return [...byItem].map(([item, list]) => ({ item, threads: list }));
}
