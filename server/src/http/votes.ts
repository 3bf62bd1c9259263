import { canVote, readVoteSession, remainingBudget, revealVotes, itemsMap } from '@weboard/shared';
import type { VoteSession, Votes } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors';
import { OneAtATime } from './one-at-a-time';

/*
 * Hidden votes that are actually private. The board document is shared with everyone on the
 * board, so a vote written there can be read by anyone who looks; while a vote runs, ballots go to
 * the server instead and each voter reads back only their own (and their remaining budget). The
 * reveal writes every ballot into the document at once, and from then on the votes are public.
 *
 * A voter is the browser's user id plus a secret only that browser knows: the first ballot of a
 * user id on a board binds the secret's hash, and every later request for that user id must carry
 * the same secret, so nobody can read or spend another person's votes by claiming their id.
 * Ballots are stored (the board store's `ballots` table) as each one is cast and read back on each
 * request, so they survive a restart and every instance behind a load balancer sees the same ones.
 */

const VOTER_HEADER = 'x-weboard-voter';
const SECRET_HEADER = 'x-weboard-voter-secret';

const voterValidator = z.object({
  userId: z.string().min(1).max(200),
  secret: z.string().min(16).max(200),
});
const ballotBody = z.object({
  itemId: z.string().min(1).max(64),
  delta: z.number().int().min(-100).max(100),
});

interface BoardBallots {
  /** The vote session these ballots belong to; a re-run starts from none. */
  sessionId: string;
  /** userId → itemId → n */
  ballots: Map<string, Map<string, number>>;
  /** userId → hash of the voter's secret. */
  secrets: Map<string, Buffer>;
}

/** What a voter learns about their own ballot. */
export interface MyBallot {
  sessionId: string;
  state: VoteSession['state'];
  budget: number;
  votes: Record<string, number>;
  remaining: number;
}

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

function ballotsAsVotes(ballots: Map<string, Map<string, number>>): Votes {
  const votes: Record<string, Record<string, number>> = {};
  for (const [userId, byItem] of ballots)
    for (const [itemId, n] of byItem) {
      if (n <= 0) continue;
      votes[itemId] ??= {};
      votes[itemId][userId] = n;
    }
  return votes;
}

/** `/api/boards/:id/votes…`: cast and read your own hidden votes; the facilitator reveals them. */
export default async function voteRoutes(app: FastifyInstance): Promise<void> {
  const ballotChanges = new OneAtATime();
  /** The vote session as the live board has it, and the item ids voted on. */
  const readBoard = (boardId: string) =>
    app.sync.change(boardId, 'read-vote-session', (doc) => ({
      session: readVoteSession(doc),
      itemIds: new Set(itemsMap(doc).keys()),
    }));

  /** The board's stored ballots for `session` (none from an earlier session) and every secret. */
  const ballotsFor = async (boardId: string, session: VoteSession): Promise<BoardBallots> => {
    const entry: BoardBallots = { sessionId: session.id, ballots: new Map(), secrets: new Map() };
    for (const ballot of await app.store.loadBallots(boardId)) {
      entry.secrets.set(ballot.userId, Buffer.from(ballot.secretHash));
      if (ballot.sessionId === session.id)
        entry.ballots.set(ballot.userId, new Map(Object.entries(ballot.votes)));
    }
    return entry;
  };

  const save = (boardId: string, entry: BoardBallots, userId: string) =>
    app.store.saveBallot(boardId, {
      userId,
      sessionId: entry.sessionId,
      secretHash: entry.secrets.get(userId)!,
      votes: Object.fromEntries(entry.ballots.get(userId) ?? []),
    });

  /** The voter a request speaks for; the first request of a user id binds its secret (stored). */
  const voterOf = async (request: FastifyRequest, boardId: string, entry: BoardBallots) => {
    const parsed = voterValidator.safeParse({
      userId: request.headers[VOTER_HEADER],
      secret: request.headers[SECRET_HEADER],
    });
    if (!parsed.success)
      throw new AppError('BadRequest', `Send ${VOTER_HEADER} and ${SECRET_HEADER} headers`);
    const { userId, secret } = parsed.data;
    const known = entry.secrets.get(userId);
    const mine = hash(secret);
    if (known && !timingSafeEqual(known, mine))
      throw new AppError('Forbidden', 'These are not your votes');
    if (!known) {
      entry.secrets.set(userId, mine);
      await save(boardId, entry, userId);
    }
    return userId;
  };

  const answer = (entry: BoardBallots, session: VoteSession, userId: string): MyBallot => {
    const votes = Object.fromEntries(entry.ballots.get(userId) ?? []);
    return {
      sessionId: session.id,
      state: session.state,
      budget: session.budget,
      votes: session.state === 'idle' ? {} : votes,
      remaining: remainingBudget(ballotsAsVotes(entry.ballots), userId, session.budget),
    };
  };

  app.get<{ Params: { id: string } }>('/api/boards/:id/votes/mine', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'editor');
    const { session } = await readBoard(board.id);
    const entry = await ballotsFor(board.id, session);
    return answer(entry, session, await voterOf(request, board.id, entry));
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/votes', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'editor');
    const body = ballotBody.safeParse(request.body ?? {});
    if (!body.success) throw new AppError('BadRequest', 'A vote is {itemId, delta}');
    // One ballot change of a board at a time: each reads the stored ballots and writes them back.
    return ballotChanges.run(board.id, async () => {
      const { session, itemIds } = await readBoard(board.id);
      const entry = await ballotsFor(board.id, session);
      const userId = await voterOf(request, board.id, entry);
      if (session.state !== 'running') throw new AppError('BadRequest', 'Voting is not open');
      if (!itemIds.has(body.data.itemId)) throw new AppError('NotFound', 'No such item');
      const check = canVote(
        ballotsAsVotes(entry.ballots),
        userId,
        body.data.itemId,
        body.data.delta,
        session.budget,
      );
      if (!check.ok)
        throw new AppError(
          'BadRequest',
          check.reason === 'over-budget' ? 'You have used all your votes' : 'Invalid vote',
        );
      let mine = entry.ballots.get(userId);
      if (!mine) {
        mine = new Map();
        entry.ballots.set(userId, mine);
      }
      if (check.next === 0) mine.delete(body.data.itemId);
      else mine.set(body.data.itemId, check.next);
      await save(board.id, entry, userId);
      return answer(entry, session, userId);
    });
  });

  // How many people have voted so far, never for what: the facilitator's cue to end the vote.
  app.get<{ Params: { id: string } }>('/api/boards/:id/votes/status', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const { session } = await readBoard(board.id);
    const entry = await ballotsFor(board.id, session);
    let voters = 0;
    let votes = 0;
    for (const byItem of entry.ballots.values()) {
      const placed = [...byItem.values()].reduce((sum, n) => sum + n, 0);
      if (placed > 0) voters += 1;
      votes += placed;
    }
    return { sessionId: session.id, state: session.state, voters, votes };
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/votes/reveal', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    // After the ballot changes already in flight, so none is lost between the read and the reveal.
    return ballotChanges.run(board.id, async () => {
      const { session } = await readBoard(board.id);
      if (session.state !== 'running' && session.state !== 'ended')
        throw new AppError('BadRequest', 'There is no vote to reveal');
      const entry = await ballotsFor(board.id, session);
      const votes = ballotsAsVotes(entry.ballots);
      await app.sync.change(board.id, 'reveal-votes', (doc) => {
        // The session may have been re-run between the read and now; then these ballots are old.
        if (readVoteSession(doc).id !== session.id)
          throw new AppError('BadRequest', 'A new vote was started');
        revealVotes(doc, votes);
      });
      // Only this vote's ballots are emptied: the confidence vote keeps its own rows in the same
      // table (confidence.ts), and a round of it may be running.
      for (const userId of entry.ballots.keys())
        await app.store.saveBallot(board.id, {
          userId,
          sessionId: '',
          secretHash: entry.secrets.get(userId)!,
          votes: {},
        });
      request.log.info({ boardId: board.id, voters: Object.keys(votes).length }, 'votes revealed');
      return { revealed: true, voters: new Set(Object.values(votes).flatMap(Object.keys)).size };
    });
  });
}
