import type { FastifyInstance } from 'fastify';

/**
 * How a shutdown ended (see closeBefore): `stored` means the deadline came after every open board
 * was stored, while only compaction or closing the store was left, which lose nothing if cut short.
 */
export type ShutdownOutcome =
  | { outcome: 'closed' }
  | { outcome: 'failed'; err: unknown }
  | { outcome: 'stored' }
  | { outcome: 'timed out' };

/**
 * Closes the app (its connections, then every open board stored and compacted, then the store)
 * and tells how that ended: `failed` when a close hook threw; `stored` or `timed out` when
 * `deadline` settled first, which leaves the work running for the caller to exit on.
 */
export function closeBefore(
  app: FastifyInstance,
  deadline: Promise<unknown>,
): Promise<ShutdownOutcome> {
  const closed = app.close().then(
    (): ShutdownOutcome => ({ outcome: 'closed' }),
    (err: unknown): ShutdownOutcome => ({ outcome: 'failed', err }),
  );
  const late = deadline.then((): ShutdownOutcome => ({
    outcome: app.sync.storedOnShutdown ? 'stored' : 'timed out',
  }));
  return Promise.race([closed, late]);
}
