import { randomBytes } from 'node:crypto';
import { readPrivateRound, writePrivateRound } from '@weboard/shared';
import type { PrivateRound } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors';
import { badRequest } from './boards';
import { decodeThumbnail, restoreBody, saveSnapshot, snapshotJson } from './snapshots';

const startBody = z.object({ by: z.string().trim().max(200).optional() });

/**
 * `/api/boards/:id/private-round…` (facilitator): start a private round (each team drafts on its
 * own, see sync/drafts.ts), read who is drafting, and reveal every team's drafts as one change.
 */
export default async function privateRoundRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { id: string } }>('/api/boards/:id/private-round', async (request, reply) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const body = startBody.safeParse(request.body ?? {});
    if (!body.success) throw badRequest(body.error);
    const round = await app.sync.change(board.id, 'start-private-round', (doc) => {
      const running = readPrivateRound(doc);
      if (running) return running;
      const started: PrivateRound = {
        id: randomBytes(9).toString('base64url'),
        startedBy: body.data.by ?? '',
        startedAt: Date.now(),
      };
      writePrivateRound(doc, started);
      return started;
    });
    request.log.info({ boardId: board.id, round: round.id }, 'private round started');
    return reply.code(201).send({ round });
  });

  app.get<{ Params: { id: string } }>('/api/boards/:id/private-round', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    return app.sync.change(board.id, 'read-private-round', (doc, drafts) => drafts.status(doc));
  });

  app.post<{ Params: { id: string } }>('/api/boards/:id/private-round/reveal', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const running = await app.sync.change(board.id, 'read-private-round', readPrivateRound);
    if (!running) throw new AppError('BadRequest', 'There is no private round to reveal');
    // The facilitator's browser may send a picture of the board for the automatic snapshot.
    const body = restoreBody.safeParse(request.body);
    const thumbnail = body.success ? body.data?.thumbnail : undefined;
    // Saved first, so "undo the last restore / import / reveal" can put the board back.
    const before = await saveSnapshot(app, board.id, {
      name: 'Before the reveal',
      kind: 'auto',
      author: '',
      state: await app.sync.stateOf(board.id),
      ...(thumbnail ? { thumbnail: decodeThumbnail(thumbnail) } : {}),
    });
    let finish = () => {};
    const revealed = await app.sync.change(board.id, 'reveal-private-round', (doc, drafts) => {
      const result = drafts.revealInto(doc);
      finish = () => drafts.afterReveal(doc);
      return result;
    });
    finish();
    request.log.info({ boardId: board.id, ...revealed }, 'private round revealed');
    return { revealed, autoSnapshot: snapshotJson(before) };
  });
}
