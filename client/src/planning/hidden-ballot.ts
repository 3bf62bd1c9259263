import type { ApiError } from '@weboard/shared';
import { useEffect, useState } from 'react';
import { voterSecret } from '../collab/identity';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import type { Planning } from './planning';

/*
 * The board's hidden-ballot APIs (dot votes, the confidence vote). Ballots go to the server, not
 * into the shared document (which everyone on the board can read); the server answers with only
 * our own ballot, and the facilitator's reveal writes every ballot into the document
 * (server/src/http/votes.ts, confidence.ts).
 */

/** The hidden-ballot APIs of a board. */
export type BallotApiName = 'votes' | 'confidence';

/** A ballot call the server refused, with its message. */
export class BallotError extends Error {}

/** The vote or round a ballot belongs to, as the board's document names it. */
export interface BallotRound {
  id: string;
  state: string;
}

/**
 * Each board's calls to one ballot API, in flight one at a time, in the order made. Every answer is
 * our ballot as the server saw it after that call, and goes into the store: two quick clicks sent
 * at once could be answered out of order, leaving the older count on screen.
 */
const queues = new WeakMap<Planning, Map<BallotApiName, Promise<unknown>>>();

/**
 * A call to one of the board's hidden-ballot APIs as this voter, after the calls made before it to
 * the same API have been answered; a refusal or an unreachable server throws BallotError.
 */
export function voterCall<T>(
  planning: Planning,
  api: BallotApiName,
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

/**
 * One hidden-ballot API: our own ballot (`Mine`) in a store per board, asked from the server once
 * per round however many components show it, and the facilitator's participation (`Status`,
 * counts only, never who voted for what), polled while the round is active.
 */
export function hiddenBallotApi<Mine, Status>(
  api: BallotApiName,
  roundOfMine: (mine: Mine) => BallotRound,
  roundOfStatus: (status: Status) => string,
) {
  /** Per board: our ballot, and the round last asked about (so several components do not all ask). */
  const states = new WeakMap<Planning, { store: Store<Mine | null>; asked: string | null }>();

  function stateOf(planning: Planning) {
    let state = states.get(planning);
    if (!state) {
      state = { store: createStore<Mine | null>(null), asked: null };
      states.set(planning, state);
    }
    return state;
  }

  function call<T>(planning: Planning, method: string, path: string, body?: unknown): Promise<T> {
    return voterCall<T>(planning, api, method, path, body);
  }

  /** Sends a ballot change; the store gets the server's answer. */
  async function cast(planning: Planning, body: unknown): Promise<Mine> {
    const mine = await call<Mine>(planning, 'POST', '', body);
    stateOf(planning).store.set(mine);
    return mine;
  }

  /** Reveals the round (facilitator): the server writes every ballot into the board. */
  async function reveal(planning: Planning): Promise<void> {
    await call<unknown>(planning, 'POST', '/reveal');
  }

  /** Our ballot in `round` while `active`; null otherwise or until the server has answered. */
  function useMine(planning: Planning, round: BallotRound, active: boolean): Mine | null {
    const mine = useStore(stateOf(planning).store);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      const state = stateOf(planning);
      const key = `${round.id}:${round.state}`;
      if (!active || state.asked === key) return;
      state.asked = key;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const again = () => {
        state.asked = null;
        retry = setTimeout(() => setAttempt((n) => n + 1), 300);
      };
      call<Mine>(planning, 'GET', '/mine').then((answer) => {
        state.store.set(answer);
        // The server may not have the new round yet (it travels through the document): ask again.
        const asked = roundOfMine(answer);
        if (asked.id !== round.id || asked.state !== round.state) again();
      }, again);
      return () => clearTimeout(retry);
    }, [active, planning, round.id, round.state, attempt]);
    return active && mine !== null && roundOfMine(mine).id === round.id ? mine : null;
  }

  /** The round's participation, polled every 2 s while `active` (the facilitator's view). */
  function useStatus(planning: Planning, round: BallotRound, active: boolean): Status | null {
    const [status, setStatus] = useState<Status | null>(null);
    useEffect(() => {
      if (!active) return;
      let stopped = false;
      const poll = () =>
        call<Status>(planning, 'GET', '/status').then(
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
    }, [active, planning, round.id, round.state]);
    return active && status !== null && roundOfStatus(status) === round.id ? status : null;
  }

  return { cast, reveal, useMine, useStatus };
}
