import { hiddenBallotApi } from './hidden-ballot';
import type { BallotRound } from './hidden-ballot';
import type { Planning } from './planning';

/*
 * Our own vote in the hidden confidence vote (fist of five). Like dot votes it goes to the server,
 * never into the shared document (hidden-ballot.ts); the server answers with our own vote only, and
 * the facilitator's reveal writes every vote into the board.
 */

/** What the server tells us about our confidence vote. */
export interface MyConfidence {
  roundId: string;
  state: string;
  value: number | null;
}

const confidence = hiddenBallotApi<MyConfidence, { roundId: string; voters: number }>(
  'confidence',
  (mine) => ({ id: mine.roundId, state: mine.state }),
  (status) => status.roundId,
);

/** Casts (or changes) our vote, 1 to 5; the store gets the server's answer. */
export function castConfidence(planning: Planning, value: number): Promise<MyConfidence> {
  return confidence.cast(planning, { value });
}

/** Reveals the round (facilitator): the server writes every vote into the board. */
export function revealConfidenceVotes(planning: Planning): Promise<void> {
  return confidence.reveal(planning);
}

/**
 * Our vote in the running round, asked from the server once per round; null while no round runs
 * or the answer has not come yet. Viewers do not vote.
 */
export function useMyConfidence(
  planning: Planning,
  round: BallotRound,
  canVote: boolean,
): MyConfidence | null {
  return confidence.useMine(planning, round, canVote && round.state === 'running');
}

/** How many have voted in the running round, polled for the facilitator; null otherwise. */
export function useConfidenceStatus(
  planning: Planning,
  round: BallotRound,
  facilitator: boolean,
): number | null {
  return (
    confidence.useStatus(planning, round, facilitator && round.state === 'running')?.voters ?? null
  );
}
