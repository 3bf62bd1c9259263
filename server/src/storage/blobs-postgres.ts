import type { ImageMimeType } from '@weboard/shared';
import type { BlobStore, StoredBlob } from './blob-store';

/** Runs one statement on the store's pool (after its schema exists) and answers the rows. */
export type PostgresQuery = <Row extends Record<string, unknown>>(
  text: string,
  values?: unknown[],
) => Promise<Row[]>;

/** The blob tables in `schema` (created with the board tables, which they reference). */
export function blobTablesSql(schema: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${schema}.blobs (
  hash TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BYTEA NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${schema}.board_blobs (
  board_id TEXT NOT NULL REFERENCES ${schema}.boards(id) ON DELETE CASCADE,
  hash TEXT NOT NULL REFERENCES ${schema}.blobs(hash),
  PRIMARY KEY (board_id, hash)
);
`;
}

/** Images in PostgreSQL, beside the boards (`DATABASE_URL`). */
export class PostgresBlobStore implements BlobStore {
  constructor(
    private readonly query: PostgresQuery,
    private readonly schema: string,
  ) {}

  async putBlob(boardId: string, blob: StoredBlob): Promise<void> {
    // One statement, so the blob and the board's link to it commit together.
    await this.query(
      `WITH stored AS (
         INSERT INTO ${this.schema}.blobs (hash, type, size, data, created_at)
         VALUES ($2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING)
       INSERT INTO ${this.schema}.board_blobs (board_id, hash) VALUES ($1, $2)
       ON CONFLICT DO NOTHING`,
      [
        boardId,
        blob.hash,
        blob.type,
        blob.bytes.byteLength,
        Buffer.from(blob.bytes.buffer, blob.bytes.byteOffset, blob.bytes.byteLength),
        new Date().toISOString(),
      ],
    );
  }

  async linkBlob(boardId: string, hash: string): Promise<boolean> {
    // One statement: the link is made only if the blob is there, and the answer says whether it was.
    const rows = await this.query<{ found: string }>(
      `WITH stored AS (SELECT hash FROM ${this.schema}.blobs WHERE hash = $2),
       linked AS (
         INSERT INTO ${this.schema}.board_blobs (board_id, hash) SELECT $1, hash FROM stored
         ON CONFLICT DO NOTHING)
       SELECT count(*) AS found FROM stored`,
      [boardId, hash],
    );
    return Number(rows[0]?.found ?? 0) > 0;
  }

  async getBlob(boardId: string, hash: string): Promise<StoredBlob | null> {
    const rows = await this.query<{ hash: string; type: string; data: Buffer }>(
      `SELECT b.hash, b.type, b.data FROM ${this.schema}.board_blobs l
       JOIN ${this.schema}.blobs b ON b.hash = l.hash WHERE l.board_id = $1 AND l.hash = $2`,
      [boardId, hash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      hash: row.hash,
      type: row.type as ImageMimeType,
      bytes: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
    };
  }
}
