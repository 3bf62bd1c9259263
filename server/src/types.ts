import type * as Y from 'yjs';
import type { Config } from './config';
import type { Access } from './access/plugin';
import type { Metrics } from './observability/metrics';
import type { BoardStore } from './storage/board-store';

/** What the app's plugins share through `decorate`. */
declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: BoardStore;
    /** HMAC secret for board tokens. */
    secret: string;
    access: Access;
    metrics: Metrics;
    sync: {
      readonly openBoards: number;
      readonly connections: number;
      /** Open boards whose last storage write failed and is being retried. */
      readonly failingBoards: number;
      /** The board's current state as one Yjs update. */
      stateOf(boardId: string): Promise<Uint8Array>;
      /**
       * Changes the live board as one server-side transaction (loading it if it is not open):
       * connected clients see it at once and it is stored like any edit.
       */
      change<T>(boardId: string, reason: string, change: (doc: Y.Doc) => T): Promise<T>;
    };
  }
}
