import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Role } from '@weboard/shared';
import type {
  BallotRecord,
  BoardRecord,
  BoardStore,
  NewBoard,
  SnapshotRecord,
} from './board-store';
import { GENERATION_COLUMN, ballotValues, toBallot, toBoard, toSnapshot } from './rows';
import type { BallotRow, BoardRow, SnapshotRow } from './rows';

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
CREATE TABLE IF NOT EXISTS ballots (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  secret_hash BLOB NOT NULL,
  votes TEXT NOT NULL,
  PRIMARY KEY (board_id, user_id)
);
`;

/** Snapshot columns added after the first release; added to older files on open. */
const SNAPSHOT_COLUMNS: Record<string, string> = {
  kind: "TEXT NOT NULL DEFAULT 'named'",
  author: "TEXT NOT NULL DEFAULT ''",
  thumbnail: 'BLOB',
};

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
    const columns = new Set(
      this.db
        .prepare<[], { name: string }>('PRAGMA table_info(snapshots)')
        .all()
        .map((c) => c.name),
    );
    for (const [column, definition] of Object.entries(SNAPSHOT_COLUMNS)) {
      if (!columns.has(column))
        this.db.exec(`ALTER TABLE snapshots ADD COLUMN ${column} ${definition}`);
    }
    const db = this.db;
    const snapshotColumns =
      'id, board_id, name, kind, author, created_at, thumbnail IS NOT NULL AS has_thumbnail';
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
      insertSnapshot: db.prepare<
        [string, string, string, string, string, string, Buffer, Buffer | null]
      >(
        `INSERT INTO snapshots (id, board_id, name, kind, author, created_at, data, thumbnail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listSnapshots: db.prepare<[string], SnapshotRow>(
        `SELECT ${snapshotColumns} FROM snapshots WHERE board_id = ? ORDER BY created_at DESC, rowid DESC`,
      ),
      getSnapshot: db.prepare<[string, string], SnapshotRow & { data: Buffer }>(
        `SELECT ${snapshotColumns}, data FROM snapshots WHERE board_id = ? AND id = ?`,
      ),
      getThumbnail: db.prepare<[string, string], { thumbnail: Buffer | null }>(
        'SELECT thumbnail FROM snapshots WHERE board_id = ? AND id = ?',
      ),
      deleteSnapshot: db.prepare<[string, string]>(
        'DELETE FROM snapshots WHERE board_id = ? AND id = ?',
      ),
      pruneAutoSnapshots: db.prepare<[string, string, number]>(
        `DELETE FROM snapshots WHERE board_id = ? AND kind = 'auto' AND id NOT IN (
           SELECT id FROM snapshots WHERE board_id = ? AND kind = 'auto'
           ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      ),
      rotateGeneration: Object.fromEntries(
        Object.entries(GENERATION_COLUMN).map(([role, column]) => [
          role,
          db.prepare<[string]>(`UPDATE boards SET ${column} = ${column} + 1 WHERE id = ?`),
        ]),
      ) as Record<Role, Database.Statement<[string]>>,
      listBallots: db.prepare<[string], BallotRow>(
        'SELECT user_id, session_id, secret_hash, votes FROM ballots WHERE board_id = ?',
      ),
      upsertBallot: db.prepare<[string, string, string, Buffer, string]>(
        `INSERT INTO ballots (board_id, user_id, session_id, secret_hash, votes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(board_id, user_id) DO UPDATE SET session_id = excluded.session_id,
           secret_hash = excluded.secret_hash, votes = excluded.votes`,
      ),
      clearBallots: db.prepare<[string]>(
        "UPDATE ballots SET session_id = '', votes = '{}' WHERE board_id = ?",
      ),
      ping: db.prepare('SELECT 1'),
    };
  }

  async loadBallots(boardId: string): Promise<BallotRecord[]> {
    return this.statements.listBallots.all(boardId).map(toBallot);
  }

  async saveBallot(boardId: string, ballot: BallotRecord): Promise<void> {
    this.statements.upsertBallot.run(...ballotValues(boardId, ballot));
  }

  async clearBallots(boardId: string): Promise<void> {
    this.statements.clearBallots.run(boardId);
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

  async rotateGeneration(id: string, role: Role): Promise<BoardRecord | null> {
    this.statements.rotateGeneration[role].run(id);
    return this.getBoard(id);
  }

  async saveSnapshot(
    snapshot: Omit<SnapshotRecord, 'hasThumbnail'>,
    state: Uint8Array,
    thumbnail?: Uint8Array,
  ): Promise<void> {
    this.statements.insertSnapshot.run(
      snapshot.id,
      snapshot.boardId,
      snapshot.name,
      snapshot.kind,
      snapshot.author,
      snapshot.createdAt,
      Buffer.from(state),
      thumbnail ? Buffer.from(thumbnail) : null,
    );
  }

  async getSnapshotThumbnail(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    const row = this.statements.getThumbnail.get(boardId, snapshotId);
    return row?.thumbnail ? bytes(row.thumbnail) : null;
  }

  async deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean> {
    return this.statements.deleteSnapshot.run(boardId, snapshotId).changes > 0;
  }

  async pruneAutoSnapshots(boardId: string, keep: number): Promise<void> {
    this.statements.pruneAutoSnapshots.run(boardId, boardId, keep);
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
