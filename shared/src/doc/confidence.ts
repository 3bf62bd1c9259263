import type * as Y from 'yjs';
import { MAP } from './keys';
import { CONFIDENCE_STATES, confidenceBallotValidator } from '../planning/confidence';
import type { ConfidenceBallot, ConfidenceRound, ConfidenceState } from '../planning/confidence';
import { reportInvalidRecord } from './records';

/*
 * The confidence vote (fist of five) on the board document:
 *   confidenceRound: Y.Map  { id, state, startedBy, startedAt }        (the map is one record)
 *   confidenceVotes: Y.Map  userId -> { value, teamId }               (one plain record each)
 * Both are the facilitator's: the server undoes anyone else's change to them. While a round runs,
 * ballots are kept on the server (server/src/http/confidence.ts), never in the document; the
 * reveal writes them all into `confidenceVotes` at once.
 */
export const CONFIDENCE_ROUND = MAP.confidenceRound;
export const CONFIDENCE_VOTES = MAP.confidenceVotes;

export function confidenceRoundMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CONFIDENCE_ROUND);
}

export function confidenceVotesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CONFIDENCE_VOTES);
}

/** The board's confidence round; idle when none was ever started. */
export function readConfidenceRound(doc: Y.Doc): ConfidenceRound {
  const map = confidenceRoundMap(doc);
  const id = map.get('id');
  const state = map.get('state');
  const startedBy = map.get('startedBy');
  return {
    id: typeof id === 'string' ? id : '',
    state: CONFIDENCE_STATES.includes(state as ConfidenceState)
      ? (state as ConfidenceState)
      : 'idle',
    startedBy: typeof startedBy === 'string' ? startedBy : '',
  };
}

/** The revealed ballots by user id (none while a round runs: they are on the server then). */
export function readConfidenceVotes(doc: Y.Doc): Record<string, ConfidenceBallot> {
  const ballots: [string, ConfidenceBallot][] = [];
  for (const [userId, value] of confidenceVotesMap(doc).entries()) {
    const parsed = confidenceBallotValidator.safeParse(value);
    if (parsed.success) ballots.push([userId, parsed.data]);
    else reportInvalidRecord({ map: CONFIDENCE_VOTES, key: userId, reason: 'not a ballot' });
  }
  return Object.fromEntries(ballots);
}

function clearConfidenceVotes(doc: Y.Doc): void {
  const votes = confidenceVotesMap(doc);
  for (const key of [...votes.keys()]) votes.delete(key);
}

/** Starts a new round (facilitator): the last results are cleared and everyone may vote again. */
export function startConfidenceRound(
  doc: Y.Doc,
  round: { id: string; startedBy: string; startedAt: number },
  origin?: unknown,
): void {
  doc.transact(() => {
    clearConfidenceVotes(doc);
    const map = confidenceRoundMap(doc);
    map.set('id', round.id);
    map.set('state', 'running');
    map.set('startedBy', round.startedBy);
    map.set('startedAt', round.startedAt);
  }, origin);
}

/** Ends the confidence vote and clears its results (facilitator). */
export function clearConfidenceRound(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    clearConfidenceVotes(doc);
    confidenceRoundMap(doc).set('state', 'idle');
  }, origin);
}

/**
 * Reveals a round whose ballots the server kept (server only): in one transaction the results
 * become exactly `ballots` and the round moves to revealed.
 */
export function revealConfidence(
  doc: Y.Doc,
  ballots: Readonly<Record<string, ConfidenceBallot>>,
  origin?: unknown,
): void {
  doc.transact(() => {
    clearConfidenceVotes(doc);
    const votes = confidenceVotesMap(doc);
    for (const [userId, ballot] of Object.entries(ballots)) {
      const parsed = confidenceBallotValidator.safeParse(ballot);
      if (parsed.success) votes.set(userId, parsed.data);
    }
    confidenceRoundMap(doc).set('state', 'revealed');
  }, origin);
}
