import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Role } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { BlobStore, StoredBlob } from './blob-store';
import type {
  BallotRecord,
  BoardRecord,
  BoardStore,
  GrantRecord,
  NewBoard,
  SnapshotRecord,
} from './board-store';
import { packUpdates } from './merge-small.mjs';
import { ensurePrivateDir, ensurePrivateFile } from './private-files';
import { GENERATION_COLUMN, ballotValues, toBallot, toBoard, toGrant, toSnapshot } from './rows';
import type { SqliteDatabase } from './sqlite-database.mjs';

/** The operations the storage worker answers: every method of its `SqliteDatabase`. */
type Operation = {
  [K in keyof SqliteDatabase]: SqliteDatabase[K] extends (...args: never[]) => unknown ? K : never;
}[keyof SqliteDatabase];

interface Request {
  id: number;
  operation: Operation;
  args: unknown[];
}

interface Reply {
  id: number;
  value?: unknown;
  error?: { name: string; message: string; code?: string | undefined };
}

/**
 * The worker is sqlite-worker.mjs beside this module, found from this module's own URL, so it is
 * the same file whether the server runs from source (tsx, vitest) or from a build that keeps the
 * storage directory's files together (tsc with allowJs emits the .mjs beside sqlite-store.js; a
 * bundler must copy it).
 */
const WORKER_URL = new URL('./sqlite-worker.mjs', import.meta.url);

/**
 * `update` as an array of its own: an update decoded from a websocket frame is a view into the
 * whole frame's buffer, and posting a view to the worker copies everything behind it.
 */
function exact(update: Uint8Array): Uint8Array {
  return update.byteOffset === 0 && update.byteLength === update.buffer.byteLength
    ? update
    : update.slice();
}

function toError(error: NonNullable<Reply['error']>): Error {
  const err = new Error(error.message) as Error & { code?: string };
  err.name = error.name;
  if (error.code !== undefined) err.code = error.code;
  return err;
}

interface PendingRequest {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * `BoardStore` on one SQLite file (WAL mode), the default storage. The better-sqlite3 connection
 * lives in a worker thread (sqlite-worker.mjs), so group commits, WAL checkpoints, board loads and
 * compaction never stall the event loop that fans updates out. Requests run one at a time in the
 * order they are made, as on a single connection; a call resolves once its transaction has
 * committed. A worker that dies fails its open requests (the update log retries them, healthz
 * reports it) and is started again by the next call.
 */
export class SqliteBoardStore implements BoardStore {
  /** Images, in the same file and worker (blobs-sqlite.mjs). */
  readonly blobs: BlobStore = {
    putBlob: (boardId: string, blob: StoredBlob) =>
      this.call('putBlob', boardId, blob.hash, blob.type, exact(blob.bytes)),
    getBlob: async (boardId: string, hash: string) =>
      (await this.call('getBlob', boardId, hash)) as StoredBlob | null,
    linkBlob: (boardId: string, hash: string) => this.call('linkBlob', boardId, hash),
  };

  private worker: Worker | undefined;
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private closed = false;
  /** Requests made during this event-loop turn, posted together at its end (see post). */
  private outbox: { worker: Worker; requests: Request[]; transfer: ArrayBuffer[] } | null = null;

  /**
   * Opens (creating if needed) `file`, or an in-memory database for `':memory:'`, in a worker.
   * Its folder is made 0700 and the file 0600 before SQLite opens it (SQLite gives its WAL and
   * shared-memory files the database file's mode); looser modes found are tightened, which `log`
   * reports.
   */
  constructor(
    private readonly file: string,
    log?: Pick<FastifyBaseLogger, 'warn'>,
  ) {
    if (file !== ':memory:') {
      try {
        ensurePrivateDir(path.dirname(file), log);
        ensurePrivateFile(file, log, true);
        // Left by an older version that did not set modes.
        for (const suffix of ['-wal', '-shm']) ensurePrivateFile(`${file}${suffix}`, log);
      } catch (err) {
        // A path that cannot be created fails every call through the worker, as it always has.
        log?.warn({ err, file }, 'could not make the data files private');
      }
    }
    this.worker = this.start();
  }

  async createGrant(grant: Omit<GrantRecord, 'revokedAt'>): Promise<void> {
    const { id, boardId, role, name, grantedBy, createdAt } = grant;
    await this.call('createGrant', [id, boardId, role, name, grantedBy, createdAt]);
  }

  async getGrant(boardId: string, grantId: string): Promise<GrantRecord | null> {
    const row = await this.call('getGrant', boardId, grantId);
    return row ? toGrant(row) : null;
  }

  async listGrants(boardId: string): Promise<GrantRecord[]> {
    return (await this.call('listGrants', boardId)).map(toGrant);
  }

  async revokeGrant(boardId: string, grantId: string, at: string): Promise<boolean> {
    return this.call('revokeGrant', boardId, grantId, at);
  }

  private start(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: { file: this.file, weboardSqlite: true } });
    // Only open requests keep the process alive: an idle store must not hold a finished process
    // (or a test run) open, and a pending shutdown flush must.
    worker.unref();
    // Replies come in batches, one per batch of requests (see post).
    worker.on('message', (replies: Reply[]) => {
      for (const reply of replies) {
        const request = this.pending.get(reply.id);
        if (!request) continue;
        this.pending.delete(reply.id);
        if (this.pending.size === 0) worker.unref();
        if (reply.error) request.reject(toError(reply.error));
        else request.resolve(reply.value);
      }
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const request of this.pending.values()) request.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`storage worker stopped (exit code ${code})`)));
    return worker;
  }

  private call<K extends Operation>(
    operation: K,
    ...args: Parameters<SqliteDatabase[K]>
  ): Promise<ReturnType<SqliteDatabase[K]>> {
    return this.request(operation, args);
  }

  /** `call`, moving the `transfer` buffers to the worker instead of copying them. */
  private request<K extends Operation>(
    operation: K,
    args: Parameters<SqliteDatabase[K]>,
    transfer: ArrayBuffer[] = [],
  ): Promise<ReturnType<SqliteDatabase[K]>> {
    if (this.closed) return Promise.reject(new Error('storage is closed'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      this.post(worker, { id, operation, args }, transfer);
    });
  }

  /**
   * Queues a request for the worker; what is queued goes out as one message at the end of this
   * event-loop turn. Every board's group commit falls due on the same flush tick (update-log.ts),
   * so one message carries them all: a post wakes the worker and costs this thread far more than
   * the few bytes it moves (with the server on one core the worker then runs in its place).
   */
  private post(worker: Worker, request: Request, transfer: ArrayBuffer[]): void {
    if (this.outbox && this.outbox.worker !== worker) this.sendOutbox();
    if (!this.outbox) {
      this.outbox = { worker, requests: [], transfer: [] };
      setImmediate(this.sendOutbox);
    }
    this.outbox.requests.push(request);
    this.outbox.transfer.push(...transfer);
  }

  private readonly sendOutbox = (): void => {
    const outbox = this.outbox;
    if (!outbox) return;
    this.outbox = null;
    // A worker that stopped meanwhile rejected these already (see start).
    outbox.worker.postMessage(outbox.requests, outbox.transfer);
  };

  async loadBallots(boardId: string): Promise<BallotRecord[]> {
    return (await this.call('loadBallots', boardId)).map(toBallot);
  }

  async saveBallot(boardId: string, ballot: BallotRecord): Promise<void> {
    await this.call('saveBallot', ballotValues(boardId, ballot));
  }

  async clearBallots(boardId: string): Promise<void> {
    await this.call('clearBallots', boardId);
  }

  async createBoard(board: NewBoard): Promise<BoardRecord> {
    const { initialState, ...fields } = board;
    return toBoard(
      await this.call('createBoard', {
        ...fields,
        initialState: initialState && exact(initialState),
      }),
    );
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const row = await this.call('getBoard', id);
    return row ? toBoard(row) : null;
  }

  loadBoardUpdates(id: string): Promise<Uint8Array[]> {
    return this.call('loadBoardUpdates', id);
  }

  appendUpdates(
    id: string,
    updates: readonly Uint8Array[],
    options?: { mergeSmall?: boolean },
  ): Promise<number> {
    if (!options?.mergeSmall) return this.call('appendUpdates', id, updates.map(exact));
    // Each run of small updates becomes one row, the updates side by side (the worker's
    // appendPacked); the batch goes to the worker as one buffer, moved rather than copied.
    const packed = packUpdates(updates);
    return this.request('appendPacked', [id, packed], [packed.bytes.buffer as ArrayBuffer]);
  }

  compact(id: string, mergedState: Uint8Array, uptoSeq: number): Promise<void> {
    return this.call('compact', id, exact(mergedState), uptoSeq);
  }

  compactStored(id: string, uptoSeq: number): Promise<number> {
    return this.call('compactStored', id, uptoSeq);
  }

  async rotateGeneration(id: string, role: Role): Promise<BoardRecord | null> {
    const row = await this.call('rotateGeneration', id, GENERATION_COLUMN[role]);
    return row ? toBoard(row) : null;
  }

  saveSnapshot(
    snapshot: Omit<SnapshotRecord, 'hasThumbnail'>,
    state: Uint8Array,
    thumbnail?: Uint8Array,
  ): Promise<void> {
    return this.call('saveSnapshot', snapshot, exact(state), thumbnail && exact(thumbnail));
  }

  getSnapshotThumbnail(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    return this.call('getSnapshotThumbnail', boardId, snapshotId);
  }

  deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean> {
    return this.call('deleteSnapshot', boardId, snapshotId);
  }

  pruneAutoSnapshots(boardId: string, keep: number): Promise<void> {
    return this.call('pruneAutoSnapshots', boardId, keep);
  }

  async listSnapshots(boardId: string): Promise<SnapshotRecord[]> {
    return (await this.call('listSnapshots', boardId)).map(toSnapshot);
  }

  async getSnapshot(
    boardId: string,
    snapshotId: string,
  ): Promise<{ record: SnapshotRecord; state: Uint8Array } | null> {
    const snapshot = await this.call('getSnapshot', boardId, snapshotId);
    return snapshot ? { record: toSnapshot(snapshot.row), state: snapshot.state } : null;
  }

  ping(): Promise<void> {
    return this.call('ping');
  }

  /** Waits for every earlier request, closes the database and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    const worker = this.worker;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await this.call('close');
      // Held until the worker is gone, or the process could end before the file is closed.
      worker.ref();
      await exited;
    }
    this.closed = true;
  }
}
