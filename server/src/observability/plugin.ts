import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Metrics } from './metrics';

/** Shares `app.metrics` and serves `GET /metrics` in the Prometheus text format. */
async function metricsPlugin(app: FastifyInstance): Promise<void> {
  // The sync plugin registers later; the gauges read it lazily at scrape time.
  const metrics = new Metrics({
    connections: () => (app.hasDecorator('sync') ? app.sync.connections : 0),
    boards: () => (app.hasDecorator('sync') ? app.sync.openBoards : 0),
    failingBoards: () => (app.hasDecorator('sync') ? app.sync.failingBoards : 0),
  });
  app.decorate('metrics', metrics);
  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}

export default fp(metricsPlugin, { name: 'weboard-metrics' });
