import * as Y from 'yjs';
import { indexBetween } from '../planning/rank';
import { itemMap, itemMaps, itemsMap, readItems } from './board-doc';
import { bindingAt, isCard } from '../planning/backlog';
import { isFrame } from '../schema/frame';
import { canVote } from '../planning/votes';
import type { VoteCheck, Votes } from '../planning/votes';
import { DEFAULT_LANES, laneValidator, sortLanes, teamValidator } from '../schema/team';
import { describeIssue, fieldsOf, parseWithCuts, reportInvalidRecord } from './records';
import type { Lane, Team } from '../schema/team';

/*
 * The planning side of a board document; like board-doc.ts, the only code that knows these keys:
 *   teams:      Y.Map  teamId -> Y.Map { name, color }
 *   lanes:      Y.Map  laneId -> Y.Map { name, order }      (order: fractional index)
 *   members:    Y.Map  userId -> { name, teamId }           (only ever written by that user)
 *   votes:      Y.Map  itemId -> Y.Map userId -> n          (keyed by voter: concurrent votes merge)
 *   voteSession Y.Map  { id, state, budget, teamWeights, startedBy, startedAt }
 * Team and lane fields are one map key each so that one person renaming a lane while another
 * reorders it both win.
 */
const TEAMS = 'teams';
const LANES = 'lanes';
const MEMBERS = 'members';
const VOTES = 'votes';
const VOTE_SESSION = 'voteSession';

type FieldMap = Y.Map<unknown>;

export function teamsMap(doc: Y.Doc): Y.Map<FieldMap> {
  return doc.getMap<FieldMap>(TEAMS);
}

export function lanesMap(doc: Y.Doc): Y.Map<FieldMap> {
  return doc.getMap<FieldMap>(LANES);
}

export function membersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(MEMBERS);
}

export function votesMap(doc: Y.Doc): Y.Map<Y.Map<number>> {
  return doc.getMap<Y.Map<number>>(VOTES);
}

export function voteSessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(VOTE_SESSION);
}

/** Reads one team or lane record; null (and reported) when the entry is not a valid one. */
function readRecord<T>(
  name: string,
  validator: { safeParse(value: unknown): { success: boolean } },
  id: string,
  map: unknown,
): T | null {
  const fields = map instanceof Y.Map ? fieldsOf(map as Y.Map<unknown>) : null;
  if (fields === null) {
    reportInvalidRecord({ map: name, key: id, reason: 'not a map of fields' });
    return null;
  }
  const parsed = parseWithCuts(validator as never, { ...fields, id });
  if (parsed.ok) return parsed.data as T;
  reportInvalidRecord({ map: name, key: id, reason: describeIssue(parsed.error) });
  return null;
}

function writeFields(parent: Y.Map<FieldMap>, id: string, fields: Record<string, unknown>): void {
  let map = parent.get(id);
  if (!(map instanceof Y.Map)) {
    map = new Y.Map();
    parent.set(id, map);
  }
  for (const [key, value] of Object.entries(fields))
    if (map.get(key) !== value) map.set(key, value);
}

/* ---------------------------------------------------------------- teams */

/** The board's valid teams, by name (ties by id) so every peer lists them alike. */
export function readTeams(doc: Y.Doc): Team[] {
  const teams: Team[] = [];
  for (const [id, map] of teamsMap(doc).entries()) {
    const team = readRecord<Team>(TEAMS, teamValidator, id, map);
    if (team) teams.push(team);
  }
  return teams.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** Adds a team or changes its name/colour. Throws if the team is invalid. */
export function setTeam(doc: Y.Doc, team: Team, origin?: unknown): void {
  const { id, name, color } = teamValidator.parse(team);
  doc.transact(() => writeFields(teamsMap(doc), id, { name, color }), origin);
}

/** Removes a team. Items keep their `teamId`; readers treat an unknown team as none. */
export function removeTeam(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!teamsMap(doc).has(id)) return false;
  doc.transact(() => teamsMap(doc).delete(id), origin);
  return true;
}

/* ---------------------------------------------------------------- lanes */

/**
 * The board's lanes in order. A board that has never stored lanes reads as the defaults (Now,
 * Next, Later); the first change to lanes writes them (see {@link ensureLanes}).
 */
export function readLanes(doc: Y.Doc): Lane[] {
  const map = lanesMap(doc);
  if (map.size === 0) return [...DEFAULT_LANES];
  const lanes: Lane[] = [];
  for (const [id, fields] of map.entries()) {
    const lane = readRecord<Lane>(LANES, laneValidator, id, fields);
    if (lane) lanes.push(lane);
  }
  return sortLanes(lanes);
}

/** Stores `lanes` when the board has none yet (new boards, and boards older than lanes). */
export function ensureLanes(
  doc: Y.Doc,
  lanes: readonly Lane[] = DEFAULT_LANES,
  origin?: unknown,
): void {
  if (lanesMap(doc).size > 0) return;
  doc.transact(() => {
    for (const lane of lanes) {
      const { id, name, order } = laneValidator.parse(lane);
      writeFields(lanesMap(doc), id, { name, order });
    }
  }, origin);
}

/** Renames a lane. False when there is no such lane. */
export function renameLane(doc: Y.Doc, id: string, name: string, origin?: unknown): boolean {
  const lane = readLanes(doc).find((l) => l.id === id);
  if (!lane) return false;
  const valid = laneValidator.parse({ ...lane, name });
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    writeFields(lanesMap(doc), id, { name: valid.name });
  }, origin);
  return true;
}

/** Adds a lane at the end (or just after `afterId`); returns its id. */
export function addLane(
  doc: Y.Doc,
  lane: { id: string; name: string },
  afterId: string | null = null,
  origin?: unknown,
): string {
  const lanes = readLanes(doc);
  const at = afterId === null ? lanes.length - 1 : lanes.findIndex((l) => l.id === afterId);
  const before = at >= 0 ? lanes[at]!.order : null;
  const after = at >= 0 && at + 1 < lanes.length ? lanes[at + 1]!.order : null;
  const order = indexBetween(before, before === after ? null : after);
  const valid = laneValidator.parse({ ...lane, order });
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    writeFields(lanesMap(doc), valid.id, { name: valid.name, order: valid.order });
  }, origin);
  return valid.id;
}

/** Moves a lane to position `index` (0 = first) among the others. False when there is no such lane. */
export function moveLane(doc: Y.Doc, id: string, index: number, origin?: unknown): boolean {
  const lanes = readLanes(doc);
  if (!lanes.some((l) => l.id === id)) return false;
  const others = lanes.filter((l) => l.id !== id);
  const at = Math.max(0, Math.min(Math.trunc(index), others.length));
  const before = at > 0 ? others[at - 1]!.order : null;
  const after = at < others.length ? others[at]!.order : null;
  // Two lanes can share a key after concurrent moves; then there is nothing strictly between.
  const order =
    before !== null && before === after ? indexBetween(before, null) : indexBetween(before, after);
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    writeFields(lanesMap(doc), id, { order });
  }, origin);
  return true;
}

/**
 * Removes a lane. In the same transaction every item planned into it (cards, and frames bound to
 * it) loses its `laneId`, so the cards read as unplanned and no frame keeps binding to a lane that
 * is gone. A card someone moves into the lane concurrently keeps the dangling id; readers treat an
 * unknown lane as none.
 */
export function removeLane(doc: Y.Doc, id: string, origin?: unknown): boolean {
  if (!readLanes(doc).some((l) => l.id === id)) return false;
  doc.transact(() => {
    ensureLanes(doc, DEFAULT_LANES, origin);
    lanesMap(doc).delete(id);
    for (const item of itemMaps(doc).values()) if (item.get('laneId') === id) item.delete('laneId');
  }, origin);
  return true;
}

/* ---------------------------------------------------------------- frames */

/** What a frame is bound to: a team (its swimlane), a lane, both (a cell) or nothing. */
export interface FrameBinding {
  teamId: string | null;
  laneId: string | null;
}

/**
 * Binds a frame to a team and/or lane (null unbinds). The cards lying in it then take what the
 * frame says, as if they had just been dropped there (the smallest bound frame around a card wins,
 * so a team × lane cell inside a swimlane keeps its own lane); unbinding leaves the cards as they
 * are. Returns the ids of the cards that changed; false when there is no such frame.
 */
export function bindFrame(
  doc: Y.Doc,
  frameId: string,
  binding: FrameBinding,
  origin?: unknown,
): string[] | false {
  const frame = itemMap(doc, frameId);
  if (!frame || frame.get('type') !== 'frame') return false;
  const changed: string[] = [];
  doc.transact(() => {
    for (const key of ['teamId', 'laneId'] as const) {
      const value = binding[key];
      if (value === null) {
        if (frame.has(key)) frame.delete(key);
      } else if (frame.get(key) !== value) frame.set(key, value);
    }
    const items = readItems(doc);
    const frames = items.filter(isFrame);
    const bound = frames.find((f) => f.id === frameId)!;
    for (const card of items.filter(isCard)) {
      const centre = { x: card.x + card.w / 2, y: card.y + card.h / 2 };
      const within =
        centre.x >= bound.x &&
        centre.x <= bound.x + bound.w &&
        centre.y >= bound.y &&
        centre.y <= bound.y + bound.h;
      if (!within) continue;
      const at = bindingAt(frames, card);
      const map = itemMap(doc, card.id)!;
      let touched = false;
      for (const key of ['teamId', 'laneId'] as const) {
        const value = at[key];
        if (value && map.get(key) !== value) {
          map.set(key, value);
          touched = true;
        }
      }
      if (touched) changed.push(card.id);
    }
  }, origin);
  return changed;
}

/* ---------------------------------------------------------------- members */

/** A person who has joined the board, with the team they picked. */
export interface Member {
  name: string;
  teamId: string | null;
}

/** Records who a user is and which team they picked; tallies and exports group votes by it. */
export function setMember(doc: Y.Doc, userId: string, member: Member, origin?: unknown): void {
  const current = readMembers(doc)[userId];
  if (current && current.name === member.name && current.teamId === member.teamId) return;
  doc.transact(
    () => membersMap(doc).set(userId, { name: member.name.slice(0, 200), teamId: member.teamId }),
    origin,
  );
}

/** Every member by user id. */
export function readMembers(doc: Y.Doc): Record<string, Member> {
  const members: [string, Member][] = [];
  for (const [userId, value] of membersMap(doc).entries()) {
    const v = value as Partial<Member> | null;
    if (!v || typeof v !== 'object' || v instanceof Y.AbstractType) {
      reportInvalidRecord({ map: MEMBERS, key: userId, reason: 'not a record' });
      continue;
    }
    members.push([
      userId,
      {
        name: typeof v.name === 'string' ? v.name : '',
        teamId: typeof v.teamId === 'string' ? v.teamId : null,
      },
    ]);
  }
  return Object.fromEntries(members);
}

/** userId → teamId for every member with a team, as the vote tally wants it. */
export function voterTeams(doc: Y.Doc): Record<string, string> {
  const result: [string, string][] = [];
  for (const [userId, member] of Object.entries(readMembers(doc)))
    if (member.teamId) result.push([userId, member.teamId]);
  return Object.fromEntries(result);
}

/* ---------------------------------------------------------------- votes */

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
  const state = map.get('state');
  const budget = map.get('budget');
  const weights = map.get('teamWeights');
  const teamWeights: [string, number][] = [];
  if (weights && typeof weights === 'object')
    for (const [team, w] of Object.entries(weights as Record<string, unknown>))
      if (typeof w === 'number' && Number.isFinite(w) && w >= 0) teamWeights.push([team, w]);
  return {
    ...IDLE_SESSION,
    id: typeof map.get('id') === 'string' ? (map.get('id') as string) : '',
    state: VOTE_STATES.includes(state as VoteState) ? (state as VoteState) : 'idle',
    budget: typeof budget === 'number' && Number.isInteger(budget) && budget >= 0 ? budget : 0,
    teamWeights: Object.fromEntries(teamWeights),
    startedBy: typeof map.get('startedBy') === 'string' ? (map.get('startedBy') as string) : '',
  };
}

/** Every stored vote, as plain records: itemId → userId → n. */
export function readVotes(doc: Y.Doc): Votes {
  const votes: [string, Record<string, number>][] = [];
  for (const [itemId, byUser] of votesMap(doc).entries()) {
    if (!(byUser instanceof Y.Map)) {
      reportInvalidRecord({ map: VOTES, key: itemId, reason: 'not a map of votes' });
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
    map.set('id', options.id);
    map.set('state', 'running');
    map.set('budget', options.budget);
    map.set('teamWeights', { ...(options.teamWeights ?? {}) });
    map.set('startedBy', options.startedBy);
  }, origin);
}

/** Moves the session to `state` (end, reveal); `idle` also clears every vote. */
export function setVoteState(doc: Y.Doc, state: VoteState, origin?: unknown): void {
  doc.transact(() => {
    if (state === 'idle') clearVotes(doc, origin);
    voteSessionMap(doc).set('state', state);
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
    voteSessionMap(doc).set('state', 'revealed');
  }, origin);
}

/** Changes the weights of the teams (facilitator), e.g. after a reveal. */
export function setTeamWeights(
  doc: Y.Doc,
  teamWeights: Record<string, number>,
  origin?: unknown,
): void {
  doc.transact(() => voteSessionMap(doc).set('teamWeights', { ...teamWeights }), origin);
}

/* ---------------------------------------------------------------- cards */

export const CLEARABLE_PLANNING_FIELDS = [
  'teamId',
  'laneId',
  'rank',
  'estimate',
  'wsjf',
  'rice',
] as const;
export type ClearablePlanningField = (typeof CLEARABLE_PLANNING_FIELDS)[number];

/** Removes planning fields from a card (an item patch can set fields but not remove them). */
export function clearPlanningFields(
  doc: Y.Doc,
  itemId: string,
  fields: readonly ClearablePlanningField[],
  origin?: unknown,
): boolean {
  const map = itemMap(doc, itemId);
  if (!map) return false;
  doc.transact(() => {
    for (const field of fields) if (map.has(field)) map.delete(field);
  }, origin);
  return true;
}
