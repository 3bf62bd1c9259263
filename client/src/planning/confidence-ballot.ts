import { useEffect, useState } from 'react';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import { voterCall } from './ballot';
import type { Planning } from './planning';

/*
 * Our own vote in the hidden confidence vote (fist of five). Like dot votes (ballot.ts), it goes
 * to the server, never into the shared document; the server answers with our own vote only, and
 * the facilitator's reveal writes every vote into the board (server/src/http/confidence.ts).
 */

/** What the server tells us about our confidence vote. */
export interface MyConfidence {
  roundId: string;
  state: string;
  value: number | null;
}

const stores = new WeakMap<Planning, { store: Store<MyConfidence | null>; asked: string | null }>();

function stateOf(planning: Planning) {
  let state = stores.get(planning);
  if (!state) {
    state = { store: createStore<MyConfidence | null>(null), asked: null };
    stores.set(planning, state);
  }
  return state;
}

function call<T>(planning: Planning, method: string, path: string, body?: unknown): Promise<T> {
  return voterCall<T>(planning, 'confidence', method, path, body);
}

/** Casts (or changes) our vote, 1 to 5; the store gets the server's answer. */
export async function castConfidence(planning: Planning, value: number) {
  const answer = await call<MyConfidence>(planning, 'POST', '', { value });
  stateOf(planning).store.set(answer);
  return answer;
}

/** Reveals the round (facilitator): the server writes every vote into the board. */
export async function revealConfidenceVotes(planning: Planning): Promise<void> {
  await call<unknown>(planning, 'POST', '/reveal');
}

/**
 * Our vote in the running round, asked from the server once per round; null while no round runs
 * or the answer has not come yet. Viewers do not vote.
 */
export function useMyConfidence(
  planning: Planning,
  round: { id: string; state: string },
  canVote: boolean,
): MyConfidence | null {
  const mine = useStore(stateOf(planning).store);
  const [attempt, setAttempt] = useState(0);
  const active = canVote && round.state === 'running';
  useEffect(() => {
    const state = stateOf(planning);
    if (!active || state.asked === `${round.id}:${round.state}`) return;
    state.asked = `${round.id}:${round.state}`;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      state.asked = null;
      retry = setTimeout(() => setAttempt((n) => n + 1), 300);
    };
    call<MyConfidence>(planning, 'GET', '/mine').then((answer) => {
      state.store.set(answer);
      // The server may not have the new round yet (it travels through the document): ask again.
      if (answer.roundId !== round.id || answer.state !== round.state) again();
    }, again);
    return () => clearTimeout(retry);
  }, [active, planning, round.id, round.state, attempt]);
  return active && mine?.roundId === round.id ? mine : null;
}

/** How many have voted in the running round, polled for the facilitator; null otherwise. */
export function useConfidenceStatus(
  planning: Planning,
  round: { id: string; state: string },
  facilitator: boolean,
): number | null {
  const [status, setStatus] = useState<{ roundId: string; voters: number } | null>(null);
  const active = facilitator && round.state === 'running';
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const poll = () =>
      call<{ roundId: string; voters: number }>(planning, 'GET', '/status').then(
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
  }, [active, planning, round.id]);
  return active && status?.roundId === round.id ? status.voters : null;
}
