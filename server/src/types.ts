import type { Role, ShapeRepair } from '@weboard/shared';
import type * as Y from 'yjs';
import type { Config } from './config';
import type { Access } from './access/plugin';
import type { Metrics } from './observability/metrics';
import type { BoardStore } from './storage/board-store';
import type { PrivateDrafts } from './sync/drafts';
import type { HolderSelector } from './sync/holders';
import type { FailedBoard } from './sync/rooms';

/** What the app's plugins share through `decorate`. */
declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: BoardStore;
    access: Access;
    metrics: Metrics;
    sync: {
      readonly openBoards: number;
      readonly connections: number;
      /** Open boards whose last storage write failed and is being retried. */
      readonly failingBoards: number;
      /** Open boards holding edits not in storage yet (normally for at most one flush window). */
      readonly unsavedBoards: number;
      /** Boards that failed to load or serve on this instance (and have not loaded fine since). */
      readonly failedBoards: readonly FailedBoard[];
      /**
       * True once shutdown has stored every open board (or logged why it could not); what is left
       * then (compaction, closing the store) loses nothing if cut short.
       */
      readonly storedOnShutdown: boolean;
      /** The board's current state as one Yjs update. */
      stateOf(boardId: string): Promise<Uint8Array>;
      /**
       * Changes the live board as one server-side transaction (loading it if it is not open):
       * connected clients see it at once and it is stored like any edit.
       */
      change<T>(
        boardId: string,
        reason: string,
        change: (doc: Y.Doc, drafts: PrivateDrafts) => T,
      ): Promise<T>;
      /**
       * Closes the board's connections that `selector` picks, on every instance (through Redis),
       * sending each the message `before` first if given; resolves to how many closed on this one.
       */
      disconnect(
        boardId: string,
        selector: HolderSelector,
        code: number,
        reason: string,
        before?: Uint8Array,
      ): Promise<number>;
      /** The connection (on this instance) that owns awareness client `awarenessClientId` on the board, if any. */
      presenceConnection(
        boardId: string,
        awarenessClientId: number,
      ): Promise<{ role: Role; grant: string | undefined; send(message: Uint8Array): void } | null>;
      /** Registers a listener for "the last person left this board" (before it is unloaded). */
      onBoardIdle(listener: (board: IdleBoard) => Promise<void>): void;
      /** Registers a listener for "a board stored with invalid records was repaired on load". */
      onBoardRepaired(listener: (board: RepairedBoard) => Promise<void>): void;
    };
  }
}

/** A board the last connection just left. */
export interface IdleBoard {
  boardId: string;
  /** Whether anything changed since it was loaded or last snapshotted automatically. */
  changed: boolean;
  state: Uint8Array;
}

/** A board repaired when it was loaded: its state before the repair and what was repaired. */
export interface RepairedBoard {
  boardId: string;
  before: Uint8Array;
  repairs: readonly ShapeRepair[];
}
