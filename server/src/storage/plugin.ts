import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { BoardStore } from './board-store';
import { SqliteBoardStore } from './sqlite-store';

export interface StoragePluginOptions {
  /** A ready store; when absent the SQLite store in `config.dataDir` is opened. */
  store?: BoardStore;
}

/** Opens the board store, shares it as `app.store` and closes it last on shutdown. */
async function storagePlugin(app: FastifyInstance, options: StoragePluginOptions): Promise<void> {
  const store =
    options.store ?? new SqliteBoardStore(path.join(app.config.dataDir, 'weboard.sqlite'));
  app.decorate('store', store);
  // onClose runs after preClose, where the sync plugin flushes every open board.
  app.addHook('onClose', async () => {
    await store.close();
  });
}

export default fp(storagePlugin, { name: 'weboard-storage' });
