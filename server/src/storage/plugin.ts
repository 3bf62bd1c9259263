import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { BoardStore } from './board-store';
import { SqliteBoardStore } from './sqlite-store';

export interface StoragePluginOptions {
  /** A ready store; when absent, PostgreSQL (`DATABASE_URL`) or SQLite in `config.dataDir` is opened. */
  store?: BoardStore;
}

/** Opens the board store, shares it as `app.store` and closes it last on shutdown. */
async function storagePlugin(app: FastifyInstance, options: StoragePluginOptions): Promise<void> {
  const { databaseUrl, databaseSchema, dataDir } = app.config;
  // The PostgreSQL store (and pg) is loaded only when configured: not part of a SQLite server's heap.
  const store =
    options.store ??
    (databaseUrl
      ? new (await import('./postgres-store')).PostgresBoardStore({
          connectionString: databaseUrl,
          schema: databaseSchema,
        })
      : new SqliteBoardStore(path.join(dataDir, 'weboard.sqlite'), app.log));
  // SQLite opens in its worker: a file that cannot be opened stops the start, as it always has.
  if (!options.store && !databaseUrl) await store.ping();
  app.decorate('store', store);
  // Runs after the sync plugin's onClose hook (registered later, so run earlier), which stores
  // every open board.
  app.addHook('onClose', async () => {
    await store.close();
  });
}

export default fp(storagePlugin, { name: 'weboard-storage' });
