import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import type { Config } from './config';
import { lowerEngineThreads } from './engine-threads';

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
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
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
