import { CloseCode, readFollow, roleAtLeast, sessionMap } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Metrics } from '../observability/metrics';
import type { BoardStore } from '../storage/board-store';
import type { Connection } from './connection';
import type { DocumentGuard, ServerHooks } from './hooks';
import { PrivateDrafts } from './drafts';
import { STORAGE_ORIGIN } from './origin';
import {
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  encodeUpdate,
  isEmptyStateVector,
} from './protocol';
import { UpdateBroadcast } from './room-broadcast';
import {
  BoardFailedError,
  BoardTooBigError,
  MalformedMessageError,
  RateLimitedError,
} from './room-errors';
import { PendingGreetings } from './room-loading';
import { RoomPresence } from './room-presence';
import { handleMessage } from './room-sync';
import type { SyncHandlers } from './room-sync';
import { updateAddsNothing } from './update-coverage';
import { UpdateLog } from './update-log';

export { BoardFailedError, BoardTooBigError, MalformedMessageError, RateLimitedError };

export interface RoomOptions {
  /** Whether the process is saturated; a busy server batches each room's broadcasts more. */
  load?: { readonly busy: boolean };
  /** See UpdateBroadcastOptions; HOLD_FROM_WRITES_PER_SECOND unless given. */
  holdUpdatesFromWritesPerSecond?: number;
  store: BoardStore;
  log: FastifyBaseLogger;
  metrics: Metrics;
  flushIntervalMs: number;
  compactAfterUpdates: number;
  /** Largest encoded board state accepted (approximated by stored plus applied update bytes). */
  maxBoardBytes: number;
  /**
   * True when other instances write the same board's log (Redis relay): compaction then merges what
   * storage holds too, so it never deletes an entry this instance has not seen.
   */
  sharedStorage: boolean;
  /** The extensions (see hooks.ts): the guard, the relay, automatic snapshots. */
  hooks: readonly ServerHooks[];
  /** Called once when the board fails (see BoardFailedError); its connections are already closed. */
  onFailed?: (room: Room, reason: string) => void;
  /** Called once the stored state is decoded (and repaired) without trouble. */
  onDecoded?: (room: Room) => void;
}

/**
 * One open board: its authoritative Y.Doc, its awareness and the connections editing it. The
 * room holds the board's lifecycle (lazy decoding, failure, storage); its concerns live beside it:
 * the protocol in room-sync.ts, presence in room-presence.ts, batched broadcasts in
 * room-broadcast.ts, greetings of clients that join a board not decoded yet in room-loading.ts;
 * what plugs into a board's life (the schema and role guard, the relay, snapshots) comes in
 * through the hooks of hooks.ts.
 */
export class Room implements SyncHandlers {
  private readonly ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  readonly connections = new Set<Connection>();
  readonly presence: RoomPresence;
  private readonly updateLog: UpdateLog;
  private readonly broadcast: UpdateBroadcast;
  /** Approximate size of the board: stored bytes plus every update applied since (reset on compaction). */
  private approximateBytes: number;
  /** Applies clients' updates and checks server changes; from the hooks, once decoded. */
  private guard: DocumentGuard | null = null;
  /** Why the board failed; set once, after which nothing of it is served. */
  failure: string | null = null;
  /** Stored updates not yet applied to the document (see `doc`); null once applied. */
  private unapplied: Uint8Array[] | null;
  /**
   * The whole board as one update while nothing has changed since it was taken: the stored state
   * the board was loaded from (when that is one update), else the board as encoded for the last
   * client that had nothing. A client that has nothing yet gets these bytes as they are, which
   * spares encoding the whole board per join (after a restart everyone joins at once; a 10,000-note
   * board takes ~100 ms to encode). Changes since are kept beside it (`sinceLoaded`) until they
   * grow past a quarter of its size, which drops both (`onDocUpdate`): a board people are editing
   * is not encoded again for everyone who joins it.
   */
  private loadedState: Uint8Array | null = null;
  /**
   * The updates applied since `loadedState` was taken (merged into one once a client needs them),
   * and their size. A client that has nothing gets them before the state (see answerStateVector).
   */
  private sinceLoaded: Uint8Array[] = [];
  private sinceLoadedBytes = 0;
  /** The running private round's team drafts (see drafts.ts). */
  readonly drafts: PrivateDrafts;
  private readonly greetings = new PendingGreetings((connection) =>
    this.guarded('greeting a client', () => this.greet(connection)),
  );

  private constructor(
    readonly boardId: string,
    stored: Uint8Array[],
    private readonly options: RoomOptions,
  ) {
    this.presence = new RoomPresence(this.awareness, {
      connections: this.connections,
      metrics: options.metrics,
    });
    this.approximateBytes = stored.reduce((sum, update) => sum + update.byteLength, 0);
    if (stored.length === 1) this.loadedState = stored[0]!;
    this.unapplied = stored;
    this.updateLog = new UpdateLog({
      boardId,
      store: options.store,
      log: options.log,
      metrics: options.metrics,
      sharedStorage: options.sharedStorage,
      flushIntervalMs: options.flushIntervalMs,
      compactAfterUpdates: options.compactAfterUpdates,
      storedEntries: stored.length,
      currentState: () => Y.encodeStateAsUpdate(this.doc),
      onCompacted: (stateBytes) => {
        this.approximateBytes = stateBytes;
      },
    });
    this.drafts = new PrivateDrafts({ boardId, log: options.log, metrics: options.metrics });
    this.broadcast = new UpdateBroadcast({
      connections: this.connections,
      load: options.load,
      turns: this.presence,
      holdFromWritesPerSecond: options.holdUpdatesFromWritesPerSecond,
      metrics: options.metrics,
      guarded: (during, work) => this.guarded(during, work),
    });
  }

  /** Loads the board from storage; the room is only handed out (and synced to anyone) once loaded. */
  static async load(boardId: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.loadBoardUpdates(boardId);
    return new Room(boardId, stored, options);
  }

  /**
   * The board's authoritative document. The stored state is decoded into it on first use, not on
   * load: a client joining a cold board usually asks for everything first, and gets the stored
   * bytes as they are (see `loadedState`) while the server has not decoded them yet. Anything
   * that reads or changes the board goes through here, so nothing ever sees it half loaded.
   */
  get doc(): Y.Doc {
    if (this.failure !== null) throw new BoardFailedError(this.failure);
    if (this.unapplied !== null) {
      try {
        this.applyStored(this.unapplied);
      } catch (err) {
        throw this.fail(err, 'loading the board');
      }
    }
    return this.ydoc;
  }

  private applyStored(stored: Uint8Array[]): void {
    this.unapplied = null;
    Y.transact(
      this.ydoc,
      () => {
        for (const update of stored) Y.applyUpdate(this.ydoc, update, STORAGE_ORIGIN);
      },
      STORAGE_ORIGIN,
    );
    // Listening only now spares Yjs encoding the whole stored state once more as an update event;
    // what the hooks change on load (migration, repair) is stored and sent like any change.
    this.ydoc.on('update', this.onDocUpdate);
    for (const hooks of this.options.hooks) {
      const guard = hooks.onLoadDocument?.({ boardId: this.boardId, doc: this.ydoc });
      this.guard ??= guard ?? null;
    }
    this.onSessionChange();
    sessionMap(this.ydoc).observe(this.onSessionChange);
    this.options.onDecoded?.(this);
  }

  /**
   * Runs a server-side change of the board as one transaction and checks the records it touched
   * against the schema in that same transaction, as a client's change is.
   */
  change<T>(origin: unknown, change: (doc: Y.Doc) => T): T {
    const doc = this.doc;
    let result!: T;
    doc.transact((transaction) => {
      result = change(doc);
      this.guard?.enforce(transaction);
    }, origin);
    return result;
  }

  /**
   * Marks the board failed: logs why, closes every connection with 1011 and a reason, and tells the
   * registry (which drops the room, so the next join loads the board afresh). Returns the error for
   * the caller to throw.
   */
  fail(err: unknown, during: string): BoardFailedError {
    const message = err instanceof Error ? err.message : String(err);
    if (this.failure === null) {
      this.failure = `${during}: ${message}`.slice(0, 200);
      this.options.log.error({ err, boardId: this.boardId }, `board failed while ${during}`);
      const reason = `This board failed on the server (${during})`;
      for (const connection of [...this.connections]) {
        connection.rejected = true;
        connection.close(CloseCode.InternalError, reason);
      }
      this.options.onFailed?.(this, this.failure);
    }
    return new BoardFailedError(this.failure);
  }

  /** Runs work scheduled outside any handler (timers, socket callbacks): a failure stays with the board. */
  private guarded(during: string, work: () => void): void {
    if (this.failure !== null) return;
    try {
      work();
    } catch (err) {
      if (!(err instanceof BoardFailedError)) this.fail(err, during);
    }
  }

  get hasPendingWrites(): boolean {
    return this.updateLog.hasPending;
  }

  /** True while some edit of this board is not in storage yet (see UpdateLog.hasUnwritten). */
  get hasUnwrittenUpdates(): boolean {
    return this.updateLog.hasUnwritten;
  }

  /** True while the last storage write of this board failed and is being retried. */
  get isFailingWrites(): boolean {
    return this.updateLog.isFailing;
  }

  /**
   * Adds a connection and starts the handshake: our state vector, then everyone's presence. On a
   * board not decoded yet the greeting waits for the client's first message (see room-loading.ts).
   */
  addConnection(connection: Connection): void {
    if (this.failure !== null) {
      connection.rejected = true;
      connection.close(CloseCode.InternalError, 'This board failed on the server');
      return;
    }
    this.connections.add(connection);
    if (this.unapplied === null) this.greet(connection);
    else this.greetings.wait(connection);
  }

  private greet(connection: Connection): void {
    this.greetings.delete(connection);
    if (!this.connections.has(connection)) return;
    const draft = this.drafts.draftFor(this.doc, connection);
    if (draft) this.drafts.greet(draft, connection);
    else connection.send(encodeSyncStep1(this.doc));
    // The greeting holds everyone's presence as of now; the ticks bring what changes after it.
    this.presence.greet(connection);
  }

  /** Removes a connection and the presence it had set (broadcast to the others as a removal). */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.greetings.delete(connection);
    this.presence.removeConnection(connection);
    this.drafts.remove(connection);
  }

  /** Handles one binary frame; a frame that breaks the protocol closes only its sender. */
  receive(connection: Connection, message: Uint8Array): void {
    // A socket the client is closing still delivers its last frames (often a final update): keep them.
    if (!this.connections.has(connection) || connection.rejected) return;
    try {
      handleMessage(this, connection, message);
      this.greetings.spoke(connection);
    } catch (err) {
      // The board failed (its connections are closed already): nothing more to say to this one.
      if (err instanceof BoardFailedError) return;
      connection.log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'malformed message',
      );
      connection.rejected = true;
      if (err instanceof RateLimitedError) {
        this.options.metrics.reject('rate_limited');
        connection.close(CloseCode.RateLimited, err.message);
        return;
      }
      if (err instanceof BoardTooBigError) {
        this.options.metrics.reject('board_too_big');
        connection.close(CloseCode.BoardTooBig, err.message);
        return;
      }
      this.options.metrics.reject('malformed');
      connection.close(
        CloseCode.MalformedMessage,
        err instanceof MalformedMessageError ? err.message : 'Malformed message',
      );
    }
  }

  /** Sync step 1: sends what the client lacks (the stored bytes as they are to a client with nothing). */
  answerStateVector(connection: Connection, stateVector: Uint8Array): void {
    // A team member during a private round syncs the team's draft, never the board.
    const draft = this.draftOf(connection);
    if (draft) return draft.answerStateVector(connection, stateVector);
    if (this.loadedState && isEmptyStateVector(stateVector)) {
      // The changes since the state go first: the client holds them as pending until the state
      // arrives and integrates both as it applies the state, so the sync step 2 that marks it synced
      // leaves it with the whole board (Yjs applies updates in any order).
      const since = this.changesSinceLoaded();
      if (since) connection.send(encodeUpdate(since));
      if (!this.greetings.has(connection)) {
        connection.send(encodeSyncStep2FromUpdate(this.loadedState));
        return;
      }
      this.greetings.waitForSend(connection);
      connection.send(encodeSyncStep2FromUpdate(this.loadedState), () =>
        this.guarded('greeting a client', () => this.greet(connection)),
      );
      return;
    }
    if (isEmptyStateVector(stateVector)) {
      const doc = this.doc;
      this.loadedState = Y.encodeStateAsUpdate(doc);
      this.dropChangesSinceLoaded();
      connection.send(encodeSyncStep2FromUpdate(this.loadedState));
      return;
    }
    let reply: Uint8Array;
    try {
      reply = encodeSyncStep2(this.doc, stateVector);
    } catch {
      throw new MalformedMessageError('Invalid state vector');
    }
    connection.send(reply);
  }

  /** The changes since `loadedState` as one update (merged once, kept merged), or null for none. */
  private changesSinceLoaded(): Uint8Array | null {
    if (this.sinceLoaded.length > 1) this.sinceLoaded = [Y.mergeUpdates(this.sinceLoaded)];
    return this.sinceLoaded[0] ?? null;
  }

  private dropChangesSinceLoaded(): void {
    this.sinceLoaded = [];
    this.sinceLoadedBytes = 0;
  }

  /** A client's change: dropped from a viewer, refused past the size limit, else applied guarded. */
  applyUpdate(connection: Connection, update: Uint8Array): void {
    const draft = this.draftOf(connection);
    if (draft) {
      try {
        draft.applyUpdate(connection, update);
      } catch (err) {
        if (err instanceof MalformedMessageError) throw err;
        throw this.fail(err, 'applying a draft update');
      }
      return;
    }
    if (!roleAtLeast(connection.role, 'editor')) {
      connection.log.debug('dropped a document change from a viewer');
      return;
    }
    if (this.approximateBytes + update.byteLength > this.options.maxBoardBytes) {
      throw new BoardTooBigError('Board size limit reached');
    }
    this.options.metrics.updatesIn.inc();
    // Decodes the board first, so the guard exists.
    const doc = this.doc;
    // What the board holds already (a client's answer to our step 1 repeating its recent changes).
    if (updateAddsNothing(doc, update)) return;
    try {
      if (this.guard) this.guard.applyClientUpdate(connection, update);
      else Y.applyUpdate(doc, update, connection.origin);
    } catch (err) {
      if (err instanceof MalformedMessageError) throw err;
      if (!this.guard) throw new MalformedMessageError('Invalid document update');
      // The update is in and the guard did not finish: the board's state is not known good.
      throw this.fail(err, 'applying an update');
    }
  }

  /** The draft `connection` syncs during a private round, or null (see drafts.ts). */
  private draftOf(connection: Connection) {
    return connection.draftTeam === undefined ? null : this.drafts.draftFor(this.doc, connection);
  }

  /** Writes every queued update to storage now; `compact` also merges the stored log into one state. */
  flush(options: { compact?: boolean } = {}): Promise<void> {
    return this.updateLog.flush(options);
  }

  destroy(): void {
    this.greetings.clear();
    this.broadcast.flushNow();
    if (this.unapplied === null) sessionMap(this.ydoc).unobserve(this.onSessionChange);
    this.updateLog.dispose();
    this.drafts.destroy();
    this.guard?.destroy();
    this.ydoc.off('update', this.onDocUpdate);
    this.presence.destroy();
    this.ydoc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.approximateBytes += update.byteLength;
    if (origin === STORAGE_ORIGIN) return;
    if (this.loadedState) {
      this.sinceLoadedBytes += update.byteLength;
      if (this.sinceLoadedBytes > this.loadedState.byteLength / 4) {
        this.loadedState = null;
        this.dropChangesSinceLoaded();
      } else this.sinceLoaded.push(update);
    }
    this.updateLog.enqueue(update);
    this.broadcast.queue(update, origin);
    for (const hooks of this.options.hooks) {
      hooks.onChange?.({ boardId: this.boardId, room: this, update, origin });
    }
  };

  /** The session's "follow me" puts the followed person's presence at full rate for everyone. */
  private readonly onSessionChange = (): void => {
    this.presence.setFollowed(readFollow(this.ydoc)?.clientId ?? null);
  };
}
