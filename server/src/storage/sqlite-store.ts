import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BoardRecord, BoardStore, NewBoard, SnapshotRecord } from './board-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  facilitator_gen INTEGER NOT NULL DEFAULT 0,
  editor_gen INTEGER NOT NULL DEFAULT 0,
  viewer_gen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS board_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS board_updates_by_board ON board_updates(board_id, seq);
CREATE TABLE IF NOT EXISTS board_state (
  board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
  data BLOB NOT NULL,
  upto_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_board ON snapshots(board_id, created_at);
`;

interface BoardRow {
  id: string;
  title: string;
  created_at: string;
  facilitator_gen: number;
  editor_gen: number;
  viewer_gen: number;
}

interface SnapshotRow {
  id: string;
  board_id: string;
  name: string;
  created_at: string;
}

function toBoard(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    generations: {
      facilitator: row.facilitator_gen,
      editor: row.editor_gen,
      viewer: row.viewer_gen,
    },
  };
}

function toSnapshot(row: SnapshotRow): SnapshotRecord {
  return { id: row.id, boardId: row.board_id, name: row.name, createdAt: row.created_at };
}

/** A view of a Buffer read from SQLite as the plain Uint8Array Yjs expects (each row gets a fresh Buffer). */
function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** `BoardStore` on one SQLite file (WAL mode), the default storage. */
export class SqliteBoardStore implements BoardStore {
  private readonly db: Database.Database;
  private readonly statements;

  /** Opens (creating if needed) `file`, or an in-memory database for `':memory:'`. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode stays consistent after a crash; only the last commits may be lost on power failure.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      insertBoard: db.prepare(
        'INSERT INTO boards (id, title, created_at) VALUES (@id, @title, @createdAt)',
      ),
      getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      getState: db.prepare<[string], { data: Buffer; upto_seq: number }>(
        'SELECT data, upto_seq FROM board_state WHERE board_id = ?',
      ),
      listUpdates: db.prepare<[string, number], { data: Buffer }>(
        'SELECT data FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq',
      ),
      insertUpdate: db.prepare<[string, Buffer]>(
        'INSERT INTO board_updates (board_id, data) VALUES (?, ?)',
      ),
      upsertState: db.prepare<[string, Buffer, number]>(
        `INSERT INTO board_state (board_id, data, upto_seq) VALUES (?, ?, ?)
         ON CONFLICT(board_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
      ),
      deleteUpdates: db.prepare<[string, number]>(
        'DELETE FROM board_updates WHERE board_id = ? AND seq <= ?',
      ),
      insertSnapshot: db.prepare<[string, string, string, string, Buffer]>(
        'INSERT INTO snapshots (id, board_id, name, created_at, data) VALUES (?, ?, ?, ?, ?)',
      ),
      listSnapshots: db.prepare<[string], SnapshotRow>(
        'SELECT id, board_id, name, created_at FROM snapshots WHERE board_id = ? ORDER BY created_at, id',
      ),
      getSnapshot: db.prepare<[string, string], SnapshotRow & { data: Buffer }>(
        'SELECT * FROM snapshots WHERE board_id = ? AND id = ?',
      ),
      ping: db.prepare('SELECT 1'),
    };
  }

  async createBoard(board: NewBoard): Promise<BoardRecord> {
    const { statements } = this;
    this.db.transaction(() => {
      statements.insertBoard.run({ id: board.id, title: board.title, createdAt: board.createdAt });
      if (board.initialState)
        statements.upsertState.run(board.id, Buffer.from(board.initialState), 0);
    })();
    return toBoard(statements.getBoard.get(board.id)!);
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const row = this.statements.getBoard.get(id);
    return row ? toBoard(row) : null;
  }

  async loadBoardUpdates(id: string): Promise<Uint8Array[]> {
    const { statements } = this;
    return this.db.transaction(() => {
      const state = statements.getState.get(id);
      const log = statements.listUpdates
        .all(id, state?.upto_seq ?? 0)
        .map((row) => bytes(row.data));
      return state ? [bytes(state.data), ...log] : log;
    })();
  }

  async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    const { statements } = this;
    return this.db.transaction(() => {
      let seq = 0;
      for (const update of updates) {
        seq = Number(statements.insertUpdate.run(id, Buffer.from(update)).lastInsertRowid);
      }
      return seq;
    })();
  }

  async compact(id: string, mergedState: Uint8Array, uptoSeq: number): Promise<void> {
    const { statements } = this;
    this.db.transaction(() => {
      statements.upsertState.run(id, Buffer.from(mergedState), uptoSeq);
      statements.deleteUpdates.run(id, uptoSeq);
    })();
  }

  async saveSnapshot(snapshot: SnapshotRecord, state: Uint8Array): Promise<void> {
    this.statements.insertSnapshot.run(
      snapshot.id,
      snapshot.boardId,
      snapshot.name,
      snapshot.createdAt,
      Buffer.from(state),
    );
  }

  async listSnapshots(boardId: string): Promise<SnapshotRecord[]> {
    return this.statements.listSnapshots.all(boardId).map(toSnapshot);
  }

  async getSnapshot(
    boardId: string,
    snapshotId: string,
  ): Promise<{ record: SnapshotRecord; state: Uint8Array } | null> {
    const row = this.statements.getSnapshot.get(boardId, snapshotId);
    return row ? { record: toSnapshot(row), state: bytes(row.data) } : null;
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
