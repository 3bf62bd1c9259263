import { hiddenBallotApi } from './hidden-ballot';
import type { BallotRound } from './hidden-ballot';
import type { Planning } from './planning';

/*
 * Our own ballot in a hidden dot vote (hidden-ballot.ts): the server answers with only our own votes
 * and remaining budget; the facilitator's reveal writes every ballot into the document.
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

/** How many people have voted in the running vote (facilitator only; never for what). */
export interface VoteStatus {
  sessionId: string;
  voters: number;
  votes: number;
}

const votes = hiddenBallotApi<Ballot, VoteStatus>(
  'votes',
  (ballot) => ({ id: ballot.sessionId, state: ballot.state }),
  (status) => status.sessionId,
);

/** Whether ballots of a vote in `state` can be shown: while it runs and once it has ended. */
const shown = (session: BallotRound) => session.state === 'running' || session.state === 'ended';

/** Adds `delta` of our votes on an item (negative takes them back); the store gets the answer. */
export function castBallot(planning: Planning, itemId: string, delta: number): Promise<Ballot> {
  return votes.cast(planning, { itemId, delta });
}

/** Reveals the vote (facilitator): the server writes every ballot into the board. */
export function revealBallots(planning: Planning): Promise<void> {
  return votes.reveal(planning);
}

/**
 * Our ballot in the running (or ended) vote `session`, asked from the server once per session;
 * null while there is no vote or the answer has not come yet. Viewers do not vote.
 */
export function useMyBallot(
  planning: Planning,
  session: BallotRound,
  canVote: boolean,
): Ballot | null {
  return votes.useMine(planning, session, canVote && shown(session));
}

/** Polls the vote's participation while it runs, for the facilitator; null otherwise. */
export function useVoteStatus(
  planning: Planning,
  session: BallotRound,
  facilitator: boolean,
): VoteStatus | null {
  return votes.useStatus(planning, session, facilitator && shown(session));
}
