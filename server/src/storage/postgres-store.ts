import type { Role } from '@weboard/shared';
import pg from 'pg';
import type {
  BallotRecord,
  BoardRecord,
  BoardStore,
  GrantRecord,
  NewBoard,
  SnapshotRecord,
} from './board-store';
import { GENERATION_COLUMN, ballotValues, toBallot, toBoard, toGrant, toSnapshot } from './rows';
import type { BallotRow, BoardRow, GrantRow, SnapshotRow } from './rows';
import type { BlobStore } from './blob-store';
import { PostgresBlobStore, blobTablesSql } from './blobs-postgres';
import { mergeSmall } from './merge-small.mjs';

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/db` */
  connectionString: string;
  /**
   * Schema holding the tables (created if missing). Lets several deployments, or parallel test runs,
   * share one database without seeing each other's boards.
   */
  schema?: string;
  /** Pool size; every board write is one short transaction, so a few connections go far. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function schemaSql(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  facilitator_gen INTEGER NOT NULL DEFAULT 0,
  editor_gen INTEGER NOT NULL DEFAULT 0,
  viewer_gen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ${schema}.board_updates (
  seq BIGSERIAL PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES ${schema}.boards(id) ON DELETE CASCADE,
  data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS board_updates_by_board ON ${schema}.board_updates(board_id, seq);
CREATE TABLE IF NOT EXISTS ${schema}.board_state (
  board_id TEXT PRIMARY KEY REFERENCES ${schema}.boards(id) ON DELETE CASCADE,
  data BYTEA NOT NULL,
  upto_seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${schema}.snapshots (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES ${schema}.boards(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_board ON ${schema}.snapshots(board_id, created_at);
ALTER TABLE ${schema}.snapshots ADD COLUMN IF NOT EXISTS kind TEXT NOT NULL DEFAULT 'named';
ALTER TABLE ${schema}.snapshots ADD COLUMN IF NOT EXISTS author TEXT NOT NULL DEFAULT '';
ALTER TABLE ${schema}.snapshots ADD COLUMN IF NOT EXISTS thumbnail BYTEA;
ALTER TABLE ${schema}.snapshots ADD COLUMN IF NOT EXISTS ordinal BIGSERIAL;
CREATE TABLE IF NOT EXISTS ${schema}.ballots (
  board_id TEXT NOT NULL REFERENCES ${schema}.boards(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  secret_hash BYTEA NOT NULL,
  votes TEXT NOT NULL,
  PRIMARY KEY (board_id, user_id)
);
CREATE TABLE IF NOT EXISTS ${schema}.grants (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES ${schema}.boards(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS grants_by_board ON ${schema}.grants(board_id, created_at);
${blobTablesSql(schema)}`;
}

const SNAPSHOT_COLUMNS =
  'id, board_id, name, kind, author, created_at, thumbnail IS NOT NULL AS has_thumbnail';

/** pg returns BYTEA as a Buffer; Yjs wants a plain Uint8Array view of the same bytes. */
function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** `BoardStore` on PostgreSQL, selected by `DATABASE_URL`; what several instances share. */
export class PostgresBoardStore implements BoardStore {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly ready: Promise<void>;
  private closed = false;
  /** Images, in the same schema (blobs-postgres.ts). */
  readonly blobs: BlobStore;

  constructor(options: PostgresStoreOptions) {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid PostgreSQL schema name ${schema}`);
    this.schema = schema;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
    });
    // An idle client that loses its server emits 'error' on the pool; without a listener that
    // would crash the process. The next query reconnects.
    this.pool.on('error', () => undefined);
    this.ready = this.migrate();
    this.blobs = new PostgresBlobStore((text, values) => this.query(text, values), schema);
    // Callers see the failure on their first query; this only avoids an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Parallel first starts (several instances, parallel tests) would race on CREATE ... IF NOT
      // EXISTS; an advisory lock serialises them.
      await client.query('SELECT pg_advisory_lock(727274)');
      try {
        await client.query(schemaSql(this.schema));
      } finally {
        await client.query('SELECT pg_advisory_unlock(727274)');
      }
    } finally {
      client.release();
    }
  }

  private table(name: string): string {
    return `${this.schema}.${name}`;
  }

  private async query<Row extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<Row[]> {
    await this.ready;
    const result = await this.pool.query<Row>(text, values);
    return result.rows;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async createBoard(board: NewBoard): Promise<BoardRecord> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<BoardRow>(
        `INSERT INTO ${this.table('boards')} (id, title, created_at) VALUES ($1, $2, $3) RETURNING *`,
        [board.id, board.title, board.createdAt],
      );
      if (board.initialState) {
        await client.query(
          `INSERT INTO ${this.table('board_state')} (board_id, data, upto_seq) VALUES ($1, $2, 0)`,
          [board.id, Buffer.from(board.initialState)],
        );
      }
      return toBoard(rows[0]!);
    });
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const rows = await this.query<BoardRow>(`SELECT * FROM ${this.table('boards')} WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toBoard(rows[0]) : null;
  }

  async loadBoardUpdates(id: string): Promise<Uint8Array[]> {
    // REPEATABLE READ: the state and the log tail come from one snapshot, so a compaction running
    // on another instance between the two reads cannot hide updates.
    return this.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const state = await client.query<{ data: Buffer; upto_seq: string }>(
        `SELECT data, upto_seq FROM ${this.table('board_state')} WHERE board_id = $1`,
        [id],
      );
      const stateRow = state.rows[0];
      const log = await client.query<{ data: Buffer }>(
        `SELECT data FROM ${this.table('board_updates')} WHERE board_id = $1 AND seq > $2 ORDER BY seq`,
        [id, stateRow?.upto_seq ?? '0'],
      );
      const updates = log.rows.map((row) => bytes(row.data));
      return stateRow ? [bytes(stateRow.data), ...updates] : updates;
    });
  }

  async appendUpdates(
    id: string,
    batch: readonly Uint8Array[],
    options?: { mergeSmall?: boolean },
  ): Promise<number> {
    const updates = options?.mergeSmall ? mergeSmall(batch) : batch;
    if (updates.length === 0) return 0;
    return this.transaction(async (client) => {
      // One writer per board at a time, so a board's sequence numbers commit in order: whoever
      // sees seq N knows every entry below N is committed (compaction relies on it).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id]);
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO ${this.table('board_updates')} (board_id, data)
         SELECT $1, unnest($2::bytea[]) RETURNING seq`,
        [id, updates.map((update) => Buffer.from(update))],
      );
      return Math.max(...rows.map((row) => Number(row.seq)));
    });
  }

  async compact(id: string, mergedState: Uint8Array, uptoSeq: number): Promise<void> {
    await this.transaction(async (client) => {
      // Never move the compaction point backwards: another instance may have compacted further.
      await client.query(
        `INSERT INTO ${this.table('board_state')} (board_id, data, upto_seq) VALUES ($1, $2, $3)
         ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq
         WHERE ${this.table('board_state')}.upto_seq <= excluded.upto_seq`,
        [id, Buffer.from(mergedState), uptoSeq],
      );
      await client.query(
        `DELETE FROM ${this.table('board_updates')} WHERE board_id = $1 AND seq <= $2`,
        [id, uptoSeq],
      );
    });
  }

  async rotateGeneration(id: string, role: Role): Promise<BoardRecord | null> {
    const column = GENERATION_COLUMN[role];
    const rows = await this.query<BoardRow>(
      `UPDATE ${this.table('boards')} SET ${column} = ${column} + 1 WHERE id = $1 RETURNING *`,
      [id],
    );
    return rows[0] ? toBoard(rows[0]) : null;
  }

  async saveSnapshot(
    snapshot: Omit<SnapshotRecord, 'hasThumbnail'>,
    state: Uint8Array,
    thumbnail?: Uint8Array,
  ): Promise<void> {
    await this.query(
      `INSERT INTO ${this.table('snapshots')} (id, board_id, name, kind, author, created_at, data, thumbnail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        snapshot.id,
        snapshot.boardId,
        snapshot.name,
        snapshot.kind,
        snapshot.author,
        snapshot.createdAt,
        Buffer.from(state),
        thumbnail ? Buffer.from(thumbnail) : null,
      ],
    );
  }

  async listSnapshots(boardId: string): Promise<SnapshotRecord[]> {
    const rows = await this.query<SnapshotRow>(
      `SELECT ${SNAPSHOT_COLUMNS} FROM ${this.table('snapshots')}
       WHERE board_id = $1 ORDER BY created_at DESC, ordinal DESC`,
      [boardId],
    );
    return rows.map(toSnapshot);
  }

  async getSnapshot(
    boardId: string,
    snapshotId: string,
  ): Promise<{ record: SnapshotRecord; state: Uint8Array } | null> {
    const rows = await this.query<SnapshotRow & { data: Buffer }>(
      `SELECT ${SNAPSHOT_COLUMNS}, data FROM ${this.table('snapshots')} WHERE board_id = $1 AND id = $2`,
      [boardId, snapshotId],
    );
    const row = rows[0];
    return row ? { record: toSnapshot(row), state: bytes(row.data) } : null;
  }

  async getSnapshotThumbnail(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    const rows = await this.query<{ thumbnail: Buffer | null }>(
      `SELECT thumbnail FROM ${this.table('snapshots')} WHERE board_id = $1 AND id = $2`,
      [boardId, snapshotId],
    );
    const png = rows[0]?.thumbnail;
    return png ? bytes(png) : null;
  }

  async deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean> {
    const rows = await this.query<{ id: string }>(
      `DELETE FROM ${this.table('snapshots')} WHERE board_id = $1 AND id = $2 RETURNING id`,
      [boardId, snapshotId],
    );
    return rows.length > 0;
  }

  async pruneAutoSnapshots(boardId: string, keep: number): Promise<void> {
    await this.query(
      `DELETE FROM ${this.table('snapshots')} WHERE board_id = $1 AND kind = 'auto' AND id NOT IN (
         SELECT id FROM ${this.table('snapshots')} WHERE board_id = $1 AND kind = 'auto'
         ORDER BY created_at DESC, ordinal DESC LIMIT $2)`,
      [boardId, keep],
    );
  }

  async loadBallots(boardId: string): Promise<BallotRecord[]> {
    const rows = await this.query<BallotRow>(
      `SELECT user_id, session_id, secret_hash, votes FROM ${this.table('ballots')} WHERE board_id = $1`,
      [boardId],
    );
    return rows.map(toBallot);
  }

  async saveBallot(boardId: string, ballot: BallotRecord): Promise<void> {
    await this.query(
      `INSERT INTO ${this.table('ballots')} (board_id, user_id, session_id, secret_hash, votes)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (board_id, user_id) DO UPDATE SET session_id = EXCLUDED.session_id,
         secret_hash = EXCLUDED.secret_hash, votes = EXCLUDED.votes`,
      ballotValues(boardId, ballot),
    );
  }

  async clearBallots(boardId: string): Promise<void> {
    await this.query(
      `UPDATE ${this.table('ballots')} SET session_id = '', votes = '{}' WHERE board_id = $1`,
      [boardId],
    );
  }

  async createGrant(grant: Omit<GrantRecord, 'revokedAt'>): Promise<void> {
    const { id, boardId, role, name, grantedBy, createdAt } = grant;
    await this.query(
      `INSERT INTO ${this.table('grants')} (id, board_id, role, name, granted_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, boardId, role, name, grantedBy, createdAt],
    );
  }

  async getGrant(boardId: string, grantId: string): Promise<GrantRecord | null> {
    const rows = await this.query<GrantRow>(
      `SELECT * FROM ${this.table('grants')} WHERE board_id = $1 AND id = $2`,
      [boardId, grantId],
    );
    return rows[0] ? toGrant(rows[0]) : null;
  }

  async listGrants(boardId: string): Promise<GrantRecord[]> {
    const rows = await this.query<GrantRow>(
      `SELECT * FROM ${this.table('grants')} WHERE board_id = $1 AND revoked_at IS NULL
       ORDER BY created_at, id`,
      [boardId],
    );
    return rows.map(toGrant);
  }

  async revokeGrant(boardId: string, grantId: string, at: string): Promise<boolean> {
    const rows = await this.query<{ id: string }>(
      `UPDATE ${this.table('grants')} SET revoked_at = $1
       WHERE board_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING id`,
      [at, boardId, grantId],
    );
    return rows.length > 0;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('Store is closed');
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }

  /** Drops the schema and everything in it (tests use a schema per run). */
  async dropSchema(): Promise<void> {
    await this.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }
}
