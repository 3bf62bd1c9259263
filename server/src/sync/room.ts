import {
  BoardShape,
  CloseCode,
  InvalidUpdateError,
  LockIndex,
  VotesCopy,
  applyGuardedUpdate,
  guardUndid,
  migrateBoard,
  readFollow,
  roleAtLeast,
  sessionMap,
} from '@weboard/shared';
import type { ShapeRepair } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Metrics } from '../observability/metrics';
import type { BoardStore } from '../storage/board-store';
import type { Connection } from './connection';
import { encodeAwarenessEntries, entryJson, isRemoval, readAwarenessEntries } from './limits';
import type { AwarenessEntry, RawAwarenessEntry } from './limits';
import { GUARD_ORIGIN, REPAIR_ORIGIN, STORAGE_ORIGIN } from './origin';
import { PRESENCE_TICK_MS, PresenceFanout } from './presence-fanout';
import {
  MessageType,
  SyncMessageType,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  encodeUpdate,
  isEmptyStateVector,
} from './protocol';
import { UpdateLog, mergeSmall } from './update-log';

/** A frame that does not follow the protocol; the sender is disconnected with 4400. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/** An edit that would grow the board past its size limit; the sender is disconnected with 4413. */
export class BoardTooBigError extends Error {
  override readonly name = 'BoardTooBigError';
}

/**
 * The board could not be loaded, or handling one of its messages failed in a way that leaves its
 * state unknown: every connection of the board is closed with 1011, the rest of the process goes on.
 */
export class BoardFailedError extends Error {
  override readonly name = 'BoardFailedError';
}

/** A connection sending faster than its limits allow; it is disconnected with 4529 (retryable). */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
}

/** Largest presence state of one client (JSON characters); a cursor, a name and a selection fit easily. */
const MAX_AWARENESS_STATE_CHARS = 16 * 1024;

/** How long a connection whose presence is claimed by another has to answer a ping. */
const PRESENCE_PROBE_MS = 2000;

/** Shortest gap between two broadcasts of one room while the server is saturated. */
const BUSY_BROADCAST_INTERVAL_MS = 16;

/** Longest a connection to a board not decoded yet waits for its greeting when the client is silent. */
const GREETING_WAIT_MS = 100;

/** Presence client ids one connection may own (a stock client uses one). */
const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

export interface RoomOptions {
  /** Whether the process is saturated; a busy server batches each room's broadcasts more. */
  load?: { readonly busy: boolean };
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
  /**
   * Called when a board stored with invalid records (written before the shape guard, or by a bug)
   * was repaired on load, with its state before the repair (kept as an automatic snapshot).
   */
  onRepaired?: (boardId: string, before: Uint8Array, repairs: readonly ShapeRepair[]) => void;
  /** Called once when the board fails (see BoardFailedError); its connections are already closed. */
  onFailed?: (room: Room, reason: string) => void;
  /** Called once the stored state is decoded (and repaired) without trouble. */
  onDecoded?: (room: Room) => void;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** One open board: its authoritative Y.Doc, its awareness and the connections editing it. */
export class Room {
  private readonly ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  readonly connections = new Set<Connection>();
  private readonly updateLog: UpdateLog;
  /** Which connection set each presence client id, so nobody can overwrite or remove another's. */
  private readonly awarenessOwners = new Map<number, Connection>();
  /** Approximate size of the board: stored bytes plus every update applied since (reset on compaction). */
  private approximateBytes: number;
  /** Set by every change after load; cleared when an automatic snapshot records the board. */
  changedSinceSnapshot = false;
  /** Updates applied since the last broadcast, and whose transactions they came from. */
  private outgoing: Uint8Array[] = [];
  private outgoingOrigins = new Set<unknown>();
  /** Cancels the scheduled broadcast; null when none is scheduled. */
  private cancelScheduledBroadcast: (() => void) | null = null;
  private lastBroadcastAt = 0;
  private lockIndex: LockIndex | null = null;
  private votesCopy: VotesCopy | null = null;
  private shape: BoardShape | null = null;
  /** Why the board failed; set once, after which nothing of it is served. */
  failure: string | null = null;
  /** Stored updates not yet applied to the document (see `doc`); null once applied. */
  private unapplied: Uint8Array[] | null;
  /**
   * The stored state the board was loaded from while it is one update and nothing has changed
   * since: a client that has nothing yet gets these bytes as they are, which spares encoding the
   * whole board per join (after a restart everyone joins at once).
   */
  private loadedState: Uint8Array | null = null;
  /** Connections joined before the board was decoded, waiting for their greeting (see addConnection). */
  private readonly ungreeted = new Map<Connection, NodeJS.Timeout | 'after-send'>();
  /** Sends presence out in ticks, within each person's budget (see presence-fanout.ts). */
  private readonly presence: PresenceFanout<Connection>;
  /** Runs the presence ticks while the fan-out has anything to do; null while idle. */
  private presenceTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly boardId: string,
    stored: Uint8Array[],
    private readonly options: RoomOptions,
  ) {
    // The server is not a participant; only clients have presence.
    this.awareness.setLocalState(null);
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
    this.presence = new PresenceFanout({
      onSent: (bytes) => options.metrics.presenceOut.inc(bytes),
    });
    this.awareness.on('update', this.onAwarenessUpdate);
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
    // Read before anything else looks at the records: junk stored before the shape guard existed
    // (a number where an item belongs) is found here and repaired below, not tripped over.
    this.shape = new BoardShape(this.ydoc);
    // Listening only now spares Yjs encoding the whole stored state once more as an update event.
    this.ydoc.on('update', this.onDocUpdate);
    // A board written by an older WeBoard is brought up to date first (stored and sent like a
    // change), so the shape check below judges it by this version's schema.
    migrateBoard(this.ydoc);
    const before = this.shape.invalid().length > 0 ? Y.encodeStateAsUpdate(this.ydoc) : null;
    if (before) {
      const repairs = this.shape.repair(REPAIR_ORIGIN);
      for (const repair of repairs)
        this.options.metrics.invalidRecords.inc({ map: repair.map, where: 'load' });
      this.options.log.warn(
        { boardId: this.boardId, repairs: repairs.slice(0, 50), total: repairs.length },
        'repaired a board stored with invalid records',
      );
      this.options.onRepaired?.(this.boardId, before, repairs);
    }
    this.lockIndex = new LockIndex(this.ydoc);
    this.votesCopy = new VotesCopy(this.ydoc);
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
      const repairs = this.shape?.enforce(transaction) ?? [];
      for (const repair of repairs)
        this.options.metrics.invalidRecords.inc({ map: repair.map, where: 'server' });
      if (repairs.length > 0)
        this.options.log.warn(
          { boardId: this.boardId, repairs },
          'a server change left invalid records',
        );
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

  /** True while the last storage write of this board failed and is being retried. */
  get isFailingWrites(): boolean {
    return this.updateLog.isFailing;
  }

  /**
   * Adds a connection and starts the handshake: our state vector, then everyone's presence. On a
   * board not decoded yet the greeting waits for the client's first message (a stock client sends
   * its sync step 1 as soon as the socket opens), so that request is answered from the stored bytes
   * before the server spends its time decoding the board.
   */
  addConnection(connection: Connection): void {
    if (this.failure !== null) {
      connection.rejected = true;
      connection.close(CloseCode.InternalError, 'This board failed on the server');
      return;
    }
    this.connections.add(connection);
    if (this.unapplied === null) {
      this.greet(connection);
      return;
    }
    this.ungreeted.set(
      connection,
      setTimeout(
        () => this.guarded('greeting a client', () => this.greet(connection)),
        GREETING_WAIT_MS,
      ),
    );
  }

  private greet(connection: Connection): void {
    const waiting = this.ungreeted.get(connection);
    if (waiting !== 'after-send') clearTimeout(waiting);
    this.ungreeted.delete(connection);
    if (!this.connections.has(connection)) return;
    connection.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) connection.send(encodeAwareness(this.awareness, [...states.keys()]));
    // The greeting holds everyone's presence as of now; the ticks bring what changes after it.
    this.presence.addReceiver(connection, (message) => connection.send(message), performance.now());
  }

  /** Removes a connection and the presence it had set (broadcast to the others as a removal). */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    const waiting = this.ungreeted.get(connection);
    if (waiting !== 'after-send') clearTimeout(waiting);
    this.ungreeted.delete(connection);
    this.presence.removeReceiver(connection);
    for (const clientId of connection.awarenessClients) {
      if (this.awarenessOwners.get(clientId) === connection) this.awarenessOwners.delete(clientId);
    }
    if (connection.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(
        this.awareness,
        [...connection.awarenessClients],
        null,
      );
    }
  }

  /** Handles one binary frame; a frame that breaks the protocol closes only its sender. */
  receive(connection: Connection, message: Uint8Array): void {
    // A socket the client is closing still delivers its last frames (often a final update): keep them.
    if (!this.connections.has(connection) || connection.rejected) return;
    try {
      this.handleMessage(connection, message);
      const waiting = this.ungreeted.get(connection);
      if (waiting !== undefined && waiting !== 'after-send') this.greet(connection);
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

  /** Writes every queued update to storage now; `compact` also merges the stored log into one state. */
  flush(options: { compact?: boolean } = {}): Promise<void> {
    return this.updateLog.flush(options);
  }

  destroy(): void {
    for (const timer of this.ungreeted.values()) if (timer !== 'after-send') clearTimeout(timer);
    this.ungreeted.clear();
    this.cancelScheduledBroadcast?.();
    this.broadcast();
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    if (this.unapplied === null) sessionMap(this.ydoc).unobserve(this.onSessionChange);
    this.updateLog.dispose();
    this.lockIndex?.destroy();
    this.votesCopy?.destroy();
    this.shape?.destroy();
    this.ydoc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private handleMessage(connection: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
        this.handleSync(connection, decoder);
        return;
      case MessageType.Awareness: {
        this.handleAwareness(connection, decoding.readVarUint8Array(decoder));
        return;
      }
      case MessageType.QueryAwareness:
        connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case MessageType.Auth:
        // Permissions flow from server to client only; a client's auth message carries nothing for us.
        return;
      default:
        throw new MalformedMessageError(`Unknown message type ${type}`);
    }
  }

  private handleSync(connection: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case SyncMessageType.Step1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        if (this.loadedState && isEmptyStateVector(stateVector)) {
          const waiting = this.ungreeted.get(connection);
          if (waiting === undefined) {
            connection.send(encodeSyncStep2FromUpdate(this.loadedState));
            return;
          }
          // Decoding the board blocks this process for a while: let the socket write the whole
          // board out first, so the client has it while the server decodes.
          if (waiting !== 'after-send') clearTimeout(waiting);
          this.ungreeted.set(connection, 'after-send');
          connection.send(encodeSyncStep2FromUpdate(this.loadedState), () =>
            this.guarded('greeting a client', () => this.greet(connection)),
          );
          return;
        }
        let reply: Uint8Array;
        try {
          reply = encodeSyncStep2(this.doc, stateVector);
        } catch {
          throw new MalformedMessageError('Invalid state vector');
        }
        connection.send(reply);
        return;
      }
      case SyncMessageType.Step2:
      case SyncMessageType.Update: {
        const update = decoding.readVarUint8Array(decoder);
        if (!roleAtLeast(connection.role, 'editor')) {
          connection.log.debug('dropped a document change from a viewer');
          return;
        }
        if (this.approximateBytes + update.byteLength > this.options.maxBoardBytes) {
          throw new BoardTooBigError('Board size limit reached');
        }
        this.options.metrics.updatesIn.inc();
        const doc = this.doc;
        let result;
        try {
          // Everyone's change is checked against the schema; everyone but facilitators' also
          // against locked items, the session and the votes (see applyGuardedUpdate).
          result = applyGuardedUpdate(doc, update, {
            origin: connection.origin,
            revertOrigin: GUARD_ORIGIN,
            facilitator: connection.role === 'facilitator',
            ...(this.lockIndex ? { lockIndex: this.lockIndex } : {}),
            ...(this.votesCopy ? { votesCopy: this.votesCopy } : {}),
            ...(this.shape ? { shape: this.shape } : {}),
          });
        } catch (err) {
          if (err instanceof InvalidUpdateError)
            throw new MalformedMessageError('Invalid document update');
          // The update is in and the guard did not finish: the board's state is not known good.
          throw this.fail(err, 'applying an update');
        }
        if (guardUndid(result)) {
          for (const repair of result.shape)
            this.options.metrics.invalidRecords.inc({ map: repair.map, where: 'update' });
          connection.log.info(
            {
              items: result.items,
              session: result.session,
              votes: result.votes,
              pi: result.pi,
              shape: result.shape.slice(0, 20),
            },
            'undid part of a change',
          );
        }
        return;
      }
      default:
        throw new MalformedMessageError(`Unknown sync message type ${syncType}`);
    }
  }

  /**
   * Applies a presence update after checking it: each state is bounded in size, and a connection
   * may only set or remove the presence of client ids it owns (the first to claim an id owns it until
   * it goes away). Entries for ids another live connection owns are dropped, not fatal: a client that
   * reconnects before the server noticed its old socket died gets its id once that socket fails a
   * ping (see Connection.probe).
   *
   * The message is read before anything is charged. Stock y-websocket clients send back every
   * presence they receive; such echoes (and stale entries of the sender's own ids) cost nothing, are
   * never applied nor relayed again, and a message holding only those is bounded by its bytes
   * alone. Only accepted entries count against the presence limit.
   */
  private handleAwareness(connection: Connection, update: Uint8Array): void {
    let entries: RawAwarenessEntry[];
    try {
      entries = readAwarenessEntries(update);
    } catch {
      throw new MalformedMessageError('Invalid awareness update');
    }
    const accepted: AwarenessEntry[] = [];
    let claims = 0;
    let ignored = 0;
    for (const entry of entries) {
      // JSON characters never outnumber its UTF-8 bytes, so only a long one needs decoding to tell.
      if (
        entry.jsonBytes.length > MAX_AWARENESS_STATE_CHARS &&
        entryJson(entry).length > MAX_AWARENESS_STATE_CHARS
      ) {
        throw new MalformedMessageError('Presence state too large');
      }
      const owner = this.awarenessOwners.get(entry.clientId);
      const known = this.awareness.meta.get(entry.clientId)?.clock ?? -1;
      const removal = isRemoval(entry);
      if (owner === connection) {
        // As y-protocols applies it: a newer clock, or a removal of a present state at the same one.
        const advances =
          entry.clock > known ||
          (entry.clock === known && removal && this.awareness.states.has(entry.clientId));
        if (!advances) {
          ignored += 1;
          continue;
        }
      } else {
        // An echo is never newer than what we hold, and a removal only its owner may send: neither
        // claims an id.
        if (entry.clock <= known || removal) {
          ignored += 1;
          continue;
        }
        if (owner && owner.isOpen) {
          claims += 1;
          connection.log.debug({ clientId: entry.clientId }, 'dropped presence of another client');
          // Usually the same browser back on a new socket: if the old one is dead, it goes within
          // seconds and the next presence update from this one is accepted.
          owner.probe(PRESENCE_PROBE_MS);
          continue;
        }
        if (connection.awarenessClients.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
          throw new MalformedMessageError('Too many presence client ids');
        }
        owner?.awarenessClients.delete(entry.clientId);
        this.awarenessOwners.set(entry.clientId, connection);
        connection.awarenessClients.add(entry.clientId);
      }
      accepted.push({ clientId: entry.clientId, clock: entry.clock, json: entryJson(entry) });
    }
    if (ignored > 0) this.options.metrics.presenceEntries.inc({ kind: 'ignored' }, ignored);
    if (accepted.length === 0 && claims === 0) {
      if (!connection.admitEcho(update.byteLength)) {
        throw new RateLimitedError('Too many presence echoes');
      }
      return;
    }
    // A claim of another's id is charged like an accepted entry: it is not an echo, and a client
    // hammering someone else's id must hit a limit too.
    if (!connection.chargePresence(accepted.length + claims, update.byteLength)) {
      throw new RateLimitedError('Too many presence updates');
    }
    if (accepted.length === 0) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        accepted.length === entries.length ? update : encodeAwarenessEntries(accepted),
        connection,
      );
    } catch {
      throw new MalformedMessageError('Invalid awareness update');
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.approximateBytes += update.byteLength;
    if (origin === STORAGE_ORIGIN) return;
    this.loadedState = null;
    this.changedSinceSnapshot = true;
    this.updateLog.enqueue(update);
    this.outgoing.push(update);
    this.outgoingOrigins.add(origin);
    if (this.cancelScheduledBroadcast !== null) return;
    // Saturated, the server sends each room's updates at most every few milliseconds: fewer,
    // bigger messages cost far less than many small ones, and the queue they would wait in costs
    // more than the wait. Otherwise the end of this turn.
    const wait = this.options.load?.busy
      ? this.lastBroadcastAt + BUSY_BROADCAST_INTERVAL_MS - performance.now()
      : 0;
    if (wait > 0) {
      const timer = setTimeout(this.broadcast, wait);
      this.cancelScheduledBroadcast = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(this.broadcast);
      this.cancelScheduledBroadcast = () => clearImmediate(immediate);
    }
  };

  /**
   * Sends the updates applied during one event-loop turn as one merged update. Under load a
   * room receives many small updates per turn (thirty people dragging); merging them turns
   * O(updates × connections) socket writes into O(connections), which is what keeps fan-out
   * latency flat as a room gets busy. A connection whose own update is part of a mixed batch gets
   * it back; Yjs ignores what it already has.
   */
  private readonly broadcast = (): void => {
    this.guarded('sending updates', this.sendOutgoing);
  };

  private readonly sendOutgoing = (): void => {
    this.cancelScheduledBroadcast = null;
    this.lastBroadcastAt = performance.now();
    const updates = this.outgoing;
    const origins = this.outgoingOrigins;
    if (updates.length === 0) return;
    this.outgoing = [];
    this.outgoingOrigins = new Set();
    const started = performance.now();
    // Encoded once; every connection is handed the same buffers.
    const messages = mergeSmall(updates).map(encodeUpdate);
    const soleOrigin = origins.size === 1 ? origins.values().next().value : undefined;
    let sent = 0;
    for (const connection of this.connections) {
      if (connection.origin === soleOrigin) continue;
      for (const message of messages) connection.send(message);
      sent += messages.length;
    }
    const { metrics } = this.options;
    metrics.updatesOut.inc(sent);
    metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
  };

  /** The session's "follow me" puts the followed person's presence at full rate for everyone. */
  private readonly onSessionChange = (): void => {
    this.presence.setFollowed(readFollow(this.ydoc)?.clientId ?? null);
  };

  /**
   * Every presence change (from a client, another instance, or a timeout) goes to the fan-out,
   * which sends it with the next tick (see presence-fanout.ts).
   */
  private readonly onAwarenessUpdate = (
    { added, updated, removed }: AwarenessChange,
    _origin: unknown,
  ): void => {
    const states = this.awareness.getStates();
    for (const clientId of [...added, ...updated, ...removed]) {
      const clock = this.awareness.meta.get(clientId)?.clock ?? 0;
      const state = (states.get(clientId) ?? null) as Record<string, unknown> | null;
      const owner = this.awarenessOwners.get(clientId) ?? null;
      // A connection's own role, not what its presence claims; another instance's people say theirs.
      const role = owner ? owner.role : (state?.user as { role?: unknown } | undefined)?.role;
      this.presence.set(clientId, clock, state, owner, role === 'facilitator');
    }
    if (this.presenceTimer === null && this.connections.size > 0) {
      this.presenceTimer = setInterval(this.presenceTick, PRESENCE_TICK_MS);
    }
  };

  private readonly presenceTick = (): void => {
    const now = performance.now();
    this.presence.tick(now);
    if (!this.presence.busyAt(now) && this.presenceTimer !== null) {
      clearInterval(this.presenceTimer);
      this.presenceTimer = null;
    }
  };
}
