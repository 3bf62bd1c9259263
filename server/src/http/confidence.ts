import {
  confidenceValueValidator,
  readConfidenceRound,
  revealConfidence,
  voterTeams,
} from '@weboard/shared';
import type { ConfidenceBallot, ConfidenceRound } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors';
import type { BallotRecord } from '../storage/board-store';

/*
 * The confidence vote (fist of five) is hidden like the weighted vote (see votes.ts, whose
 * machinery this reuses): while a round runs, each ballot goes to the server and into the board
 * store's `ballots` table, never into the shared document, and a voter reads back only their own.
 * The facilitator's reveal writes every ballot of the round into the document's `confidenceVotes`
 * at once, each with the voter's team as the board's members say at that moment.
 *
 * The rows share the table with the weighted vote's, under the voter's id prefixed with
 * `confidence` and a newline: a newline cannot travel in a header, so no request of the weighted
 * vote can name (and bind the secret of) a confidence row. The same browser secret proves the
 * voter, bound separately on the first confidence ballot. A row's `sessionId` is the round's id,
 * so ballots of an earlier round never count, and its `votes` are `{ value }`.
 */

const VOTER_HEADER = 'x-weboard-voter';
const SECRET_HEADER = 'x-weboard-voter-secret';
const ROW_PREFIX = 'confidence\n';

const voterValidator = z.object({
  userId: z.string().min(1).max(200),
  secret: z.string().min(16).max(200),
});
const ballotBody = z.object({ value: confidenceValueValidator });

/** What a voter learns about their own confidence ballot. */
export interface MyConfidence {
  roundId: string;
  state: ConfidenceRound['state'];
  /** Our vote in this round; null before we voted. */
  value: number | null;
}

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** `/api/boards/:id/confidence…`: cast and read your own hidden vote; the facilitator reveals. */
export default async function confidenceRoutes(app: FastifyInstance): Promise<void> {
  const readRound = (boardId: string) =>
    app.sync.change(boardId, 'read-confidence-round', (doc) => readConfidenceRound(doc));

  /** Every confidence row of the board, by voter id (without the prefix). */
  const rowsOf = async (boardId: string): Promise<Map<string, BallotRecord>> => {
    const rows = new Map<string, BallotRecord>();
    for (const ballot of await app.store.loadBallots(boardId))
      if (ballot.userId.startsWith(ROW_PREFIX))
        rows.set(ballot.userId.slice(ROW_PREFIX.length), ballot);
    return rows;
  };

  /** The voter a request speaks for, and their row; the first request binds the secret (stored). */
  const voterOf = async (request: FastifyRequest, boardId: string) => {
    const parsed = voterValidator.safeParse({
      userId: request.headers[VOTER_HEADER],
      secret: request.headers[SECRET_HEADER],
    });
    if (!parsed.success)
      throw new AppError('BadRequest', `Send ${VOTER_HEADER} and ${SECRET_HEADER} headers`);
    const { userId, secret } = parsed.data;
    const rows = await rowsOf(boardId);
    const mine = hash(secret);
    let row = rows.get(userId);
    if (row && !timingSafeEqual(Buffer.from(row.secretHash), mine))
      throw new AppError('Forbidden', 'This is not your vote');
    if (!row) {
      row = { userId: ROW_PREFIX + userId, sessionId: '', secretHash: mine, votes: {} };
      await app.store.saveBallot(boardId, row);
    }
    return { userId, row, rows };
  };

  const answer = (round: ConfidenceRound, row: BallotRecord): MyConfidence => {
    const value =
      row.sessionId === round.id && round.state !== 'idle' ? row.votes.value : undefined;
    return { roundId: round.id, state: round.state, value: value ?? null };
  };

  app.get<{ Params: { id: string } }>('/api/boards/:id/confidence/mine', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'editor');
    const round = await readRound(board.id);
    const { row } = await voterOf(request, board.id);
    return answer(round, row);
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/confidence', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'editor');
    const body = ballotBody.safeParse(request.body ?? {});
    if (!body.success)
      throw new AppError('BadRequest', 'A confidence vote is {value} with value 1 to 5');
    const round = await readRound(board.id);
    const { row } = await voterOf(request, board.id);
    if (round.state !== 'running') throw new AppError('BadRequest', 'Voting is not open');
    const next: BallotRecord = { ...row, sessionId: round.id, votes: { value: body.data.value } };
    await app.store.saveBallot(board.id, next);
    return answer(round, next);
  });

  // How many people have voted so far, never what: the facilitator's cue to reveal.
  app.get<{ Params: { id: string } }>('/api/boards/:id/confidence/status', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const round = await readRound(board.id);
    let voters = 0;
    for (const row of (await rowsOf(board.id)).values())
      if (round.state === 'running' && row.sessionId === round.id) voters += 1;
    return { roundId: round.id, state: round.state, voters };
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/confidence/reveal', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const round = await readRound(board.id);
    if (round.state !== 'running')
      throw new AppError('BadRequest', 'There is no confidence vote to reveal');
    const values: [string, number][] = [];
    for (const [userId, row] of await rowsOf(board.id)) {
      const value = row.votes.value;
      if (row.sessionId === round.id && value !== undefined) values.push([userId, value]);
    }
    const voters = await app.sync.change(board.id, 'reveal-confidence', (doc) => {
      // The facilitator may have started a new round between the read and now.
      if (readConfidenceRound(doc).id !== round.id)
        throw new AppError('BadRequest', 'A new confidence vote was started');
      const teams = voterTeams(doc);
      const ballots: Record<string, ConfidenceBallot> = {};
      for (const [userId, value] of values)
        ballots[userId] = { value, teamId: Object.hasOwn(teams, userId) ? teams[userId]! : null };
      revealConfidence(doc, ballots);
      return values.length;
    });
    request.log.info({ boardId: board.id, voters }, 'confidence vote revealed');
    return { revealed: true, voters };
  });
}
