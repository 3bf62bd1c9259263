import * as Y from 'yjs';
import { canVote } from '../planning/votes';
import type { VoteCheck, Votes } from '../planning/votes';
import { itemsMap } from './board-doc';
import { MAP, VOTE_SESSION_FIELD as FIELD } from './keys';
import { reportInvalidRecord } from './records';

/*
 * Dot voting. `votes` maps itemId -> Y.Map userId -> n, keyed by voter so that concurrent votes
 * merge; `voteSession` is one record, one field per key: { id, state, budget, teamWeights,
 * startedBy, startedAt }, written by the facilitator.
 */

export function votesMap(doc: Y.Doc): Y.Map<Y.Map<number>> {
  return doc.getMap<Y.Map<number>>(MAP.votes);
}

export function voteSessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MAP.voteSession);
}

export const VOTE_STATES = ['idle', 'running', 'ended', 'revealed'] as const;
/**
 * idle: no vote. running: people vote, each sees only their own votes. ended: voting is closed,
 * results still hidden. revealed: voting is closed and everyone sees the results.
 */
export type VoteState = (typeof VOTE_STATES)[number];

export interface VoteSession {
  /** Changes with every (re-)run, so a client can tell a new vote from the last one. */
  id: string;
  state: VoteState;
  /** Votes each person may place. */
  budget: number;
  /** Weight per team id for the weighted total; a team without one counts 1. */
  teamWeights: Record<string, number>;
  startedBy: string;
}

const IDLE_SESSION: VoteSession = {
  id: '',
  state: 'idle',
  budget: 0,
  teamWeights: {},
  startedBy: '',
};

/** The board's vote session; idle when none was ever started. */
export function readVoteSession(doc: Y.Doc): VoteSession {
  const map = voteSessionMap(doc);
  const state = map.get(FIELD.state);
  const budget = map.get(FIELD.budget);
  const weights = map.get(FIELD.teamWeights);
  const teamWeights: [string, number][] = [];
  if (weights && typeof weights === 'object')
    for (const [team, w] of Object.entries(weights as Record<string, unknown>))
      if (typeof w === 'number' && Number.isFinite(w) && w >= 0) teamWeights.push([team, w]);
  return {
    ...IDLE_SESSION,
    id: typeof map.get(FIELD.id) === 'string' ? (map.get(FIELD.id) as string) : '',
    state: VOTE_STATES.includes(state as VoteState) ? (state as VoteState) : 'idle',
    budget: typeof budget === 'number' && Number.isInteger(budget) && budget >= 0 ? budget : 0,
    teamWeights: Object.fromEntries(teamWeights),
    startedBy:
      typeof map.get(FIELD.startedBy) === 'string' ? (map.get(FIELD.startedBy) as string) : '',
  };
}

/** Every stored vote, as plain records: itemId → userId → n. */
export function readVotes(doc: Y.Doc): Votes {
  const votes: [string, Record<string, number>][] = [];
  for (const [itemId, byUser] of votesMap(doc).entries()) {
    if (!(byUser instanceof Y.Map)) {
      reportInvalidRecord({ map: MAP.votes, key: itemId, reason: 'not a map of votes' });
      continue;
    }
    const counts: [string, number][] = [];
    for (const [userId, n] of byUser.entries())
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) counts.push([userId, n]);
    votes.push([itemId, Object.fromEntries(counts)]);
  }
  return Object.fromEntries(votes);
}

/**
 * Creates the per-item vote maps up front. Two people casting the first vote on an item at the
 * same moment would each create the item's map, and Yjs keeps only one of two concurrent maps
 * under one key; creating them when the vote starts (by one person, the facilitator) avoids that.
 */
export function prepareVoteMaps(doc: Y.Doc, itemIds: Iterable<string>, origin?: unknown): void {
  doc.transact(() => {
    const votes = votesMap(doc);
    for (const id of itemIds)
      if (!(votes.get(id) instanceof Y.Map)) votes.set(id, new Y.Map<number>());
  }, origin);
}

/**
 * Adds `delta` votes (negative takes them back) by `userId` on `itemId`, within the session's
 * budget. Only while a vote is running. Returns what {@link canVote} decided.
 */
export function castVote(
  doc: Y.Doc,
  itemId: string,
  userId: string,
  delta: number,
  origin?: unknown,
): VoteCheck {
  const session = readVoteSession(doc);
  if (session.state !== 'running') return { ok: false, reason: 'invalid' };
  const check = canVote(readVotes(doc), userId, itemId, delta, session.budget);
  if (!check.ok) return check;
  doc.transact(() => {
    const votes = votesMap(doc);
    let byUser = votes.get(itemId);
    if (!(byUser instanceof Y.Map)) {
      byUser = new Y.Map<number>();
      votes.set(itemId, byUser);
    }
    if (check.next === 0) byUser.delete(userId);
    else byUser.set(userId, check.next);
  }, origin);
  return check;
}

/** Deletes every vote (the per-item maps stay, ready for the next round). */
export function clearVotes(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    for (const byUser of votesMap(doc).values())
      if (byUser instanceof Y.Map) for (const key of [...byUser.keys()]) byUser.delete(key);
  }, origin);
}

export interface StartVoteOptions {
  id: string;
  budget: number;
  teamWeights?: Record<string, number>;
  startedBy: string;
  /** The items people can vote on: their vote maps are created now. */
  itemIds: Iterable<string>;
}

/** Starts (or re-runs) a vote: previous votes are cleared and everyone gets `budget` votes. */
export function startVote(doc: Y.Doc, options: StartVoteOptions, origin?: unknown): void {
  if (!Number.isInteger(options.budget) || options.budget < 1 || options.budget > 1000)
    throw new RangeError('a vote budget is a whole number from 1 to 1000');
  doc.transact(() => {
    clearVotes(doc, origin);
    prepareVoteMaps(doc, options.itemIds, origin);
    const map = voteSessionMap(doc);
    map.set(FIELD.id, options.id);
    map.set(FIELD.state, 'running');
    map.set(FIELD.budget, options.budget);
    map.set(FIELD.teamWeights, { ...(options.teamWeights ?? {}) });
    map.set(FIELD.startedBy, options.startedBy);
  }, origin);
}

/** Moves the session to `state` (end, reveal); `idle` also clears every vote. */
export function setVoteState(doc: Y.Doc, state: VoteState, origin?: unknown): void {
  doc.transact(() => {
    if (state === 'idle') clearVotes(doc, origin);
    voteSessionMap(doc).set(FIELD.state, state);
  }, origin);
}

/**
 * Reveals a vote whose ballots were kept off the board (by the server, so that nobody could read
 * them from the document): in one transaction the votes map becomes exactly `votes` (itemId →
 * userId → n; items that no longer exist are skipped) and the session moves to revealed.
 */
export function revealVotes(doc: Y.Doc, votes: Votes, origin?: unknown): void {
  doc.transact(() => {
    clearVotes(doc, origin);
    const items = itemsMap(doc);
    const map = votesMap(doc);
    for (const [itemId, byUser] of Object.entries(votes)) {
      if (!items.has(itemId)) continue;
      let byVoter = map.get(itemId);
      if (!(byVoter instanceof Y.Map)) {
        byVoter = new Y.Map<number>();
        map.set(itemId, byVoter);
      }
      for (const [userId, n] of Object.entries(byUser))
        if (Number.isInteger(n) && n > 0) byVoter.set(userId, n);
    }
    voteSessionMap(doc).set(FIELD.state, 'revealed');
  }, origin);
}

/** Changes the weights of the teams (facilitator), e.g. after a reveal. */
export function setTeamWeights(
  doc: Y.Doc,
  teamWeights: Record<string, number>,
  origin?: unknown,
): void {
  doc.transact(() => voteSessionMap(doc).set(FIELD.teamWeights, { ...teamWeights }), origin);
}
