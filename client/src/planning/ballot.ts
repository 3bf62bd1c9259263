import type { ApiError } from '@weboard/shared';
import { useEffect, useState } from 'react';
import { voterSecret } from '../collab/identity';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import type { Planning } from './planning';

/*
 * Our own ballot in a hidden vote. Ballots go to the server, not into the shared document (which
 * everyone on the board can read), and the server answers with only our own votes and remaining
 * budget; the facilitator's reveal writes every ballot into the document (server/src/http/votes.ts).
 */

/** What the server tells us about our ballot. */
export interface Ballot {
  sessionId: string;
  state: string;
  budget: number;
  /** itemId → our votes on it. */
  votes: Record<string, number>;
  remaining: number;
}

export { voterSecret };

/** A ballot call the server refused, with its message. */
export class BallotError extends Error {}

interface BallotState {
  store: Store<Ballot | null>;
  /** The session last asked about, so several components do not all ask. */
  asked: string | null;
}

const states = new WeakMap<Planning, BallotState>();

function stateOf(planning: Planning): BallotState {
  let state = states.get(planning);
  if (!state) {
    state = { store: createStore<Ballot | null>(null), asked: null };
    states.set(planning, state);
  }
  return state;
}

/** Marks `key` as asked for; false when someone asked already. */
function claim(planning: Planning, key: string): boolean {
  const state = stateOf(planning);
  if (state.asked === key) return false;
  state.asked = key;
  return true;
}

function release(planning: Planning): void {
  stateOf(planning).asked = null;
}

/**
 * Each board's calls to one ballot API, in flight one at a time, in the order made. Every answer is
 * our ballot as the server saw it after that call, and goes into the store: two quick clicks sent
 * at once could be answered out of order, leaving the older count on screen.
 */
const queues = new WeakMap<Planning, Map<string, Promise<unknown>>>();

/**
 * A call to one of the board's hidden-ballot APIs (`votes` for dot votes, `confidence` for the
 * fist of five) as this voter, after the calls made before it to the same API have been answered;
 * a refusal or an unreachable server throws BallotError.
 */
export function voterCall<T>(
  planning: Planning,
  api: 'votes' | 'confidence',
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let byApi = queues.get(planning);
  if (!byApi) queues.set(planning, (byApi = new Map()));
  const before = byApi.get(api) ?? Promise.resolve();
  const url = `/api/boards/${encodeURIComponent(planning.boardId)}/${api}${path}`;
  const answer = before.then(() => send<T>(planning, url, method, body));
  byApi.set(
    api,
    answer.catch(() => undefined),
  );
  return answer;
}

/** One ballot call to `url`, as this voter. */
async function send<T>(planning: Planning, url: string, method: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${planning.token}`,
        'x-weboard-voter': planning.userId,
        'x-weboard-voter-secret': voterSecret(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new BallotError('The server could not be reached.');
  }
  if (!response.ok) {
    const error = (await response.json().catch(() => null)) as ApiError | null;
    throw new BallotError(error?.error.message ?? `The server refused (${response.status}).`);
  }
  return (await response.json()) as T;
}

function call<T>(planning: Planning, method: string, path: string, body?: unknown): Promise<T> {
  return voterCall<T>(planning, 'votes', method, path, body);
}

/** Adds `delta` of our votes on an item (negative takes them back); the store gets the answer. */
export async function castBallot(planning: Planning, itemId: string, delta: number) {
  const ballot = await call<Ballot>(planning, 'POST', '', { itemId, delta });
  stateOf(planning).store.set(ballot);
  return ballot;
}

/** Reveals the vote (facilitator): the server writes every ballot into the board. */
export async function revealBallots(planning: Planning): Promise<void> {
  await call<unknown>(planning, 'POST', '/reveal');
}

/**
 * Our ballot in the running (or ended) vote `sessionId`, asked from the server once per session;
 * null while there is no vote or the answer has not come yet. Viewers do not vote.
 */
export function useMyBallot(
  planning: Planning,
  session: { id: string; state: string },
  canVote: boolean,
): Ballot | null {
  const ballot = useStore(stateOf(planning).store);
  const [attempt, setAttempt] = useState(0);
  const active = canVote && (session.state === 'running' || session.state === 'ended');
  useEffect(() => {
    if (!active || !claim(planning, `${session.id}:${session.state}`)) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      release(planning);
      retry = setTimeout(() => setAttempt((n) => n + 1), 300);
    };
    call<Ballot>(planning, 'GET', '/mine').then((answer) => {
      stateOf(planning).store.set(answer);
      // The server may not have the new session yet (it travels through the document): ask again.
      if (answer.sessionId !== session.id || answer.state !== session.state) again();
    }, again);
    return () => clearTimeout(retry);
  }, [active, planning, session.id, session.state, attempt]);
  return active && ballot?.sessionId === session.id ? ballot : null;
}

/** How many people have voted in the running vote (facilitator only; never for what). */
export interface VoteStatus {
  sessionId: string;
  voters: number;
  votes: number;
}

/** Polls the vote's participation while it runs, for the facilitator; null otherwise. */
export function useVoteStatus(
  planning: Planning,
  session: { id: string; state: string },
  facilitator: boolean,
): VoteStatus | null {
  const [status, setStatus] = useState<VoteStatus | null>(null);
  const active = facilitator && (session.state === 'running' || session.state === 'ended');
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const poll = () =>
      call<VoteStatus>(planning, 'GET', '/status').then(
        (answer) => {
          if (!stopped) setStatus(answer);
        },
        () => undefined,
      );
    void poll();
    const timer = setInterval(() => void poll(), 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, planning, session.id, session.state]);
  return active && status?.sessionId === session.id ? status : null;
}
