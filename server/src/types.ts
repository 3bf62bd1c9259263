import type { Config } from './config';
import type { Access } from './access/plugin';
import type { BoardStore } from './storage/board-store';

/** What the app's plugins share through `decorate`. */
declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: BoardStore;
    /** HMAC secret for board tokens. */
    secret: string;
    access: Access;
    sync: {
      readonly openBoards: number;
      readonly connections: number;
      /** The board's current state as one Yjs update. */
      stateOf(boardId: string): Promise<Uint8Array>;
    };
  }
}
