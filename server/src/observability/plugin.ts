import { onInvalidRecord } from '@weboard/shared';
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
    unsavedBoards: () => (app.hasDecorator('sync') ? app.sync.unsavedBoards : 0),
  });
  app.decorate('metrics', metrics);
  // Shared readers skip an invalid entry and report it; count every one, log at most one line a
  // second (a board full of junk would otherwise flood the log on every export).
  let lastLogged = 0;
  let unlogged = 0;
  const stop = onInvalidRecord((record) => {
    metrics.invalidRecords.inc({ map: record.map, where: 'read' });
    unlogged += 1;
    const now = Date.now();
    if (now - lastLogged < 1000) return;
    app.log.warn({ ...record, skipped: unlogged }, 'skipped invalid board record(s) while reading');
    lastLogged = now;
    unlogged = 0;
  });
  app.addHook('onClose', async () => {
    stop();
  });
  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
}

export default fp(metricsPlugin, { name: 'weboard-metrics' });
