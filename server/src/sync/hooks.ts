import type * as Y from 'yjs';
import type { Connection } from './connection';
import type { Room } from './room';

/**
 * What a guard of a board's document does (see board-guard.ts): applies each client's update,
 * undoing in the same transaction what the sender may not do, and checks the server's own changes.
 */
export interface DocumentGuard {
  /** Applies a client's update; throws MalformedMessageError for one Yjs cannot decode. */
  applyClientUpdate(connection: Connection, update: Uint8Array): void;
  /** Checks what a server-side change did, inside its transaction. */
  enforce(transaction: Y.Transaction): void;
  destroy(): void;
}

/**
 * The server's extension points in a board's life, after Hocuspocus' hooks: the shape guard, the
 * Redis relay and the automatic snapshots plug in here (see "Server hooks" in the README), and
 * whatever comes next should too rather than reach into Room. Every hook is optional; the hooks
 * of several extensions run in the order they were added.
 */
export interface ServerHooks {
  /** For logs. */
  readonly name: string;
  /**
   * The stored state was just decoded into `doc` and nobody has read it yet: bring it up to date,
   * repair it, build indexes (changes made here are stored and sent like any). Synchronous; a
   * throw fails the board. May return the board's guard: the first one returned applies every
   * client update (without one, updates are applied as they come).
   */
  onLoadDocument?(payload: { boardId: string; doc: Y.Doc }): DocumentGuard | undefined;
  /**
   * The room is loaded and about to be handed to its first connection (its document may not be
   * decoded yet: read `room.doc` to decode it). A rejection fails the load and the joins waiting.
   */
  afterLoadDocument?(payload: { boardId: string; room: Room }): Promise<void>;
  /** A change was applied (a client's, a server change, another instance's; never a load). */
  onChange?(payload: { boardId: string; room: Room; update: Uint8Array; origin: unknown }): void;
  /**
   * The last connection left the board; it is stored and compacted once the hooks are done (on
   * shutdown, compacted once every board is stored). A rejection is logged and storing goes on.
   */
  onStoreDocument?(payload: { boardId: string; room: Room }): Promise<void>;
  /** The room was released (idle, failed or shutting down); it is destroyed right after. */
  afterUnloadDocument?(payload: { boardId: string; room: Room }): void;
}
