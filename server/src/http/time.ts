import type { FastifyInstance } from 'fastify';

/**
 * `GET /api/time` → `{now}` (epoch ms): the server's clock, which every client measures its own
 * against (NTP-style, best of a few round trips), so a countdown reads the same on every laptop.
 * Public: the time is no secret, and a board page asks before it has checked its link.
 */
export default async function timeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/time', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { now: Date.now() };
  });
}
