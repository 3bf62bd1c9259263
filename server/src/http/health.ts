import { ErrorCode } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors';

/**
 * `GET /healthz`: 200 while storage answers and takes writes (`degraded` with the boards that
 * failed, if any did), 503 otherwise.
 */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (request, reply) => {
    try {
      await app.store.ping();
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      const { code, status } = ErrorCode.StorageUnavailable;
      return reply.code(status).send(errorBody(code, 'Storage is unreachable'));
    }
    // Reachable but refusing writes (disk full, read-only): edits are held in memory and retried.
    const failing = app.sync.failingBoards;
    if (failing > 0) {
      const { code, status } = ErrorCode.StorageUnavailable;
      return reply
        .code(status)
        .send(errorBody(code, `Storing ${failing} open board(s) is failing; retrying`));
    }
    // A failed board is confined to itself: the instance serves every other board, so it stays
    // healthy for a load balancer, and says which boards failed.
    const failedBoards = app.sync.failedBoards;
    if (failedBoards.length > 0) return { status: 'degraded', failedBoards };
    return { status: 'ok' };
  });
}
