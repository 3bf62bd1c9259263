import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import type { Connection } from './connection';
import { ConcurrencyLimiter } from './limits';
import type { TransactionOrigin } from './origin';
import { Room } from './room';
import type { RoomOptions } from './room';

export interface RoomRegistryOptions extends RoomOptions {
  idleUnloadMs: number;
  /** Boards loaded from storage at once; the rest wait in arrival order. */
  loadConcurrency: number;
}

/** A board that failed on this instance (see BoardFailedError), as `/healthz` lists it. */
export interface FailedBoard {
  boardId: string;
  reason: string;
  /** ISO time of the failure. */
  at: string;
}

/** Failed boards remembered for `/healthz`; older ones are forgotten first. */
const MAX_FAILED_BOARDS = 100;

interface Entry {
  room: Promise<Room>;
  /** Connections joining or joined; counted before the room finishes loading so unload cannot race a join. */
  members: number;
  unloadTimer: NodeJS.Timeout | undefined;
  /**
   * The last leave's snapshot and compaction, while they run. Storage answers from its own thread,
   * so they can outlast the idle delay; unloading waits for them, or the board would stay in
   * memory, held by them, after it was released.
   */
  leaving?: Promise<void> | undefined;
}

/** The open boards of this instance: loads a board on first join, flushes and unloads it when idle. */
/** The longest wait between two tries to store a board on shutdown. */
const SHUTDOWN_RETRY_MAX_MS = 2_000;

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private closing = false;
  /** Set once shutdown has stored every open board (see closeAll). */
  private stored = false;
  /** Whether a board's last leave compacts it (not once shutdown has begun; see closeAll). */
  private compactOnLeave = true;
  /**
   * After a restart every client reconnects at once; loading all their boards at the same time would
   * stall everyone. Loads wait in line, first come first served, so admission stays fair.
   */
  private readonly loads: ConcurrencyLimiter;
  /** Rooms by board id once loaded, for cheap synchronous reads (metrics, health). */
  private readonly loaded = new Map<string, Room>();
  /** Boards that failed since this instance started and have not loaded fine since. */
  private readonly failed = new Map<string, FailedBoard>();

  constructor(private readonly options: RoomRegistryOptions) {
    this.loads = new ConcurrencyLimiter(options.loadConcurrency);
  }

  get openBoards(): number {
    return this.entries.size;
  }

  /** Open boards whose last storage write failed (retrying). */
  get failingBoards(): number {
    let failing = 0;
    for (const room of this.loaded.values()) if (room.isFailingWrites) failing += 1;
    return failing;
  }

  /** Open boards holding edits not in storage yet (normally for at most one flush window). */
  get unsavedBoards(): number {
    let unsaved = 0;
    for (const room of this.loaded.values()) if (room.hasUnwrittenUpdates) unsaved += 1;
    return unsaved;
  }

  /**
   * True once shutdown has stored every open board, or logged why it could not: what is left is
   * compaction and closing the store, which lose nothing if cut short.
   */
  get storedOnShutdown(): boolean {
    return this.stored;
  }

  /** Boards that failed on this instance and have not loaded fine since, oldest first. */
  get failedBoards(): FailedBoard[] {
    return [...this.failed.values()];
  }

  private async load(boardId: string): Promise<Room> {
    const room = await this.loads.run(() =>
      Room.load(boardId, {
        ...this.options,
        onFailed: (failed, reason) => this.onRoomFailed(failed, reason),
        onDecoded: (decoded) => this.failed.delete(decoded.boardId),
      }),
    );
    try {
      for (const hooks of this.options.hooks) await hooks.afterLoadDocument?.({ boardId, room });
    } catch (err) {
      this.release(room);
      throw err;
    }
    this.loaded.set(boardId, room);
    return room;
  }

  /**
   * A board failed (its connections are being closed with 1011): forget its room so the next join
   * loads it afresh, store what it had, and remember the failure for `/healthz`. Nothing else stops.
   */
  private onRoomFailed(room: Room, reason: string): void {
    const { boardId } = room;
    this.failed.delete(boardId);
    this.failed.set(boardId, { boardId, reason, at: new Date().toISOString() });
    if (this.failed.size > MAX_FAILED_BOARDS) this.failed.delete(this.failed.keys().next().value!);
    if (this.loaded.get(boardId) !== room) return;
    this.loaded.delete(boardId);
    const entry = this.entries.get(boardId);
    if (entry) {
      clearTimeout(entry.unloadTimer);
      this.entries.delete(boardId);
    }
    // Released on a later turn: the failure may be reported from deep inside the room's own code.
    setImmediate(() => {
      room
        .flush()
        .catch(() => undefined)
        .finally(() => this.release(room));
    });
  }

  private release(room: Room): void {
    if (this.loaded.get(room.boardId) === room) this.loaded.delete(room.boardId);
    for (const hooks of this.options.hooks) {
      try {
        hooks.afterUnloadDocument?.({ boardId: room.boardId, room });
      } catch (err) {
        this.options.log.error(
          { err, boardId: room.boardId, hooks: hooks.name },
          'unload hook failed',
        );
      }
    }
    room.destroy();
  }

  /** The board's full current state: from memory when it is open (unsaved edits included), else from storage. */
  async stateOf(boardId: string): Promise<Uint8Array> {
    const entry = this.entries.get(boardId);
    if (entry) return Y.encodeStateAsUpdate((await entry.room).doc);
    // Not open here: the stored state as it is (readers skip whatever in it is invalid).
    const stored = await this.options.store.loadBoardUpdates(boardId);
    return Y.mergeUpdates(stored);
  }

  /**
   * Runs `change` on the board's live document as one transaction with `origin`, loading the
   * board first if nobody has it open. Connected clients receive the change like any other edit,
   * and it is stored through the same update log.
   */
  async change<T>(
    boardId: string,
    origin: TransactionOrigin,
    change: (doc: Y.Doc, room: Room) => T,
  ): Promise<T> {
    if (this.closing) throw new Error('Shutting down');
    const entry = this.entryFor(boardId);
    entry.members += 1;
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    try {
      const room = await entry.room;
      return room.change(origin, (doc) => change(doc, room));
    } finally {
      entry.members -= 1;
      if (entry.members === 0 && !this.closing && this.entries.get(boardId) === entry) {
        void entry.room.then((room) => room.flush()).catch(() => undefined);
        this.scheduleUnload(boardId, entry, this.options.idleUnloadMs);
      }
    }
  }

  /** The connections on a board of this instance (none when it is not open). */
  async connectionsOf(boardId: string): Promise<Connection[]> {
    const entry = this.entries.get(boardId);
    const room = entry ? await entry.room.catch(() => undefined) : undefined;
    return room ? [...room.connections] : [];
  }

  private entryFor(boardId: string): Entry {
    let entry = this.entries.get(boardId);
    if (!entry) {
      const room = this.load(boardId);
      entry = { room, members: 0, unloadTimer: undefined };
      const created = entry;
      this.entries.set(boardId, created);
      room.catch(() => {
        if (this.entries.get(boardId) === created) this.entries.delete(boardId);
      });
    }
    return entry;
  }

  /** Adds `connection` to the board's room, loading the board from storage first if it is not open. */
  async join(boardId: string, connection: Connection): Promise<Room> {
    if (this.closing) throw new Error('Shutting down');
    const entry = this.entryFor(boardId);
    entry.members += 1;
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    let room: Room;
    try {
      room = await entry.room;
    } catch (err) {
      entry.members -= 1;
      throw err;
    }
    room.addConnection(connection);
    return room;
  }

  /** Removes `connection`; when it was the last one the board is flushed now and unloaded after the idle delay. */
  leave(room: Room, connection: Connection): void {
    room.removeConnection(connection);
    const entry = this.entries.get(room.boardId);
    // A failed room was dropped; the entry (if any) belongs to a fresh load of the board.
    if (!entry || room.failure !== null) return;
    entry.members -= 1;
    if (entry.members > 0 || this.closing) return;
    const leaving = this.storeHooks(room)
      .finally(() => room.flush({ compact: this.compactOnLeave }).catch(() => undefined))
      .finally(() => {
        if (entry.leaving === leaving) entry.leaving = undefined;
      });
    entry.leaving = leaving;
    this.scheduleUnload(room.boardId, entry, this.options.idleUnloadMs);
  }

  /** Runs every onStoreDocument hook in turn; a failure is logged and the others still run. */
  private async storeHooks(room: Room): Promise<void> {
    for (const hooks of this.options.hooks) {
      try {
        await hooks.onStoreDocument?.({ boardId: room.boardId, room });
      } catch (err) {
        this.options.log.error(
          { err, boardId: room.boardId, hooks: hooks.name },
          'last-leave hook failed',
        );
      }
    }
  }

  /**
   * Shutdown has begun (its connections are closing, so their boards' last leaves follow): those
   * leaves store their boards but leave compacting them to closeAll.
   */
  deferCompaction(): void {
    this.compactOnLeave = false;
  }

  /**
   * Stores every open board and releases them all; used on shutdown. Storing comes first for
   * every board: the last-leave hooks of a board just left (its automatic snapshot) and the edits
   * not written yet. Only then are the boards compacted: compaction makes the next load cheap (a
   * board stored as one state is handed to a client with nothing as it is, without decoding it,
   * which matters when everyone reconnects after a restart), but nothing depends on it, as the
   * update log holds every edit. A big board's compaction takes seconds in the store (the
   * 100,000-note board of bench:client, 28 MB: decoded and encoded again); queued before another
   * board's edits it would hold them unsaved that long, and a shutdown cut short during it (see
   * SHUTDOWN_TIMEOUT_MS, or a process manager's kill) loses nothing, as it is one transaction.
   */
  async closeAll(): Promise<void> {
    this.closing = true;
    this.compactOnLeave = false;
    const entries = [...this.entries.values()];
    this.entries.clear();
    const stored = await Promise.all(
      entries.map(async (entry) => {
        clearTimeout(entry.unloadTimer);
        const room = await entry.room.catch(() => undefined);
        if (!room) return undefined;
        // The last person may just have left: the last-leave hooks (the automatic snapshot) still
        // write to the store, which closes once this resolves.
        await entry.leaving;
        await this.storeForShutdown(room);
        return room;
      }),
    );
    this.stored = true;
    await Promise.all(
      stored.map(async (room) => {
        if (!room) return;
        // Failures are logged by the update log; the board is stored either way.
        await room.flush({ compact: true }).catch(() => undefined);
        this.release(room);
      }),
    );
  }

  /**
   * Writes `room`'s unwritten edits, trying again while storage fails (a full disk being cleared,
   * a database restarting): a board is never given up on shutdown with edits only in memory. A
   * storage that stays down holds the shutdown until its deadline (SHUTDOWN_TIMEOUT_MS), which then
   * exits 1 naming the boards still unsaved.
   */
  private async storeForShutdown(room: Room): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await room.flush();
        return;
      } catch (err) {
        const retryInMs = Math.min(100 * 2 ** attempt, SHUTDOWN_RETRY_MAX_MS);
        this.options.log.error(
          { err, boardId: room.boardId, attempt, retryInMs },
          'could not store a board on shutdown; trying again',
        );
        await sleep(retryInMs);
      }
    }
  }

  private scheduleUnload(boardId: string, entry: Entry, delay: number): void {
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = undefined;
      void this.unload(boardId, entry);
    }, delay);
  }

  private async unload(boardId: string, entry: Entry): Promise<void> {
    const room = await entry.room;
    await entry.leaving;
    try {
      await room.flush();
    } catch {
      // Storage is failing: keep the board in memory and try again later.
      this.scheduleUnload(boardId, entry, Math.max(this.options.idleUnloadMs, 1000));
      return;
    }
    // Re-checked after the await: someone may have joined, or written, meanwhile.
    if (entry.members > 0 || this.entries.get(boardId) !== entry) return;
    if (room.hasPendingWrites) {
      this.scheduleUnload(boardId, entry, this.options.flushIntervalMs);
      return;
    }
    this.entries.delete(boardId);
    this.release(room);
    this.options.log.debug({ boardId }, 'unloaded idle board');
  }
}
