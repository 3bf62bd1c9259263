import { ErrorCode } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors';

/** `GET /healthz`: 200 while storage answers, 503 otherwise. */
export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (request, reply) => {
    try {
      await app.store.ping();
      return { status: 'ok' };
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      const { code, status } = ErrorCode.StorageUnavailable;
      return reply.code(status).send(errorBody(code, 'Storage is unreachable'));
    }
  });
}
