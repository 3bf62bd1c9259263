import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import type { Config } from './config';
import { lowerEngineThreads } from './engine-threads';
import { closeBefore } from './shutdown';

async function main(): Promise<void> {
  // Before the server starts any thread of its own (the storage worker lowers itself likewise).
  lowerEngineThreads();
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const app = await buildApp(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: storing open boards and closing connections');
    // Storing the open boards takes as long as they need (a big board's automatic snapshot and
    // its write take seconds, its compaction more); the bound is for a storage that stopped
    // answering (config.ts says why a minute). The timer is not unref'd: a close waiting on such
    // a storage may leave nothing else in the event loop, and the process would then end as if
    // it had stopped cleanly.
    void closeBefore(app, sleep(config.shutdownTimeoutMs)).then((ended) => {
      const { shutdownTimeoutMs: timeoutMs } = config;
      switch (ended.outcome) {
        case 'closed':
          return process.exit(0);
        case 'stored':
          app.log.warn({ timeoutMs }, 'every board is stored; exiting before compaction ended');
          return process.exit(0);
        case 'failed':
          app.log.error({ err: ended.err }, 'shutdown failed');
          return process.exit(1);
        case 'timed out':
          app.log.error(
            { timeoutMs, boardsWithUnsavedEdits: app.sync.unsavedBoards },
            'shutdown could not store every board in time (storage not answering?); exiting',
          );
          return process.exit(1);
      }
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  app.log.info({ dataDir: config.dataDir }, `WeBoard listening on http://${host}:${port}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
