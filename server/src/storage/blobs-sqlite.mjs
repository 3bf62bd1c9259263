// @ts-check
/*
 * The `blobs` tables of the SQLite store, run inside its worker (through sqlite-database.mjs): image bytes
 * stored once per SHA-256, and which board uses which hash. Kept apart from the board tables so
 * images grow without touching the update log's code.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS blobs (
  hash TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS board_blobs (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  hash TEXT NOT NULL REFERENCES blobs(hash),
  PRIMARY KEY (board_id, hash)
);
`;

/** The blob operations on one open better-sqlite3 database (its board tables already created). */
export class SqliteBlobs {
  /** @param {import('better-sqlite3').Database} db */
  constructor(db) {
    db.exec(SCHEMA);
    this.db = db;
    this.insertBlob = db.prepare(
      'INSERT OR IGNORE INTO blobs (hash, type, size, data, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.linkBlob = db.prepare('INSERT OR IGNORE INTO board_blobs (board_id, hash) VALUES (?, ?)');
    this.linkStored = db.prepare(
      'INSERT OR IGNORE INTO board_blobs (board_id, hash) SELECT ?, hash FROM blobs WHERE hash = ?',
    );
    this.blobExists = db.prepare('SELECT 1 FROM blobs WHERE hash = ?');
    this.selectBlob = db.prepare(
      `SELECT b.hash, b.type, b.data FROM board_blobs l JOIN blobs b ON b.hash = l.hash
       WHERE l.board_id = ? AND l.hash = ?`,
    );
  }

  /**
   * @param {string} boardId
   * @param {string} hash
   * @param {string} type
   * @param {Uint8Array} bytes
   */
  put(boardId, hash, type, bytes) {
    this.db.transaction(() => {
      this.insertBlob.run(hash, type, bytes.byteLength, bytes, new Date().toISOString());
      this.linkBlob.run(boardId, hash);
    })();
  }

  /**
   * Links a stored blob to a board; false when no blob has that hash.
   * @param {string} boardId
   * @param {string} hash
   * @returns {boolean}
   */
  link(boardId, hash) {
    return this.db.transaction(() => {
      if (this.blobExists.get(hash) === undefined) return false;
      this.linkStored.run(boardId, hash);
      return true;
    })();
  }

  /**
   * @param {string} boardId
   * @param {string} hash
   * @returns {{ hash: string, type: string, bytes: Uint8Array } | null}
   */
  get(boardId, hash) {
    const row = /** @type {{ hash: string, type: string, data: Buffer } | undefined} */ (
      this.selectBlob.get(boardId, hash)
    );
    if (!row) return null;
    const { data } = row;
    return {
      hash: row.hash,
      type: row.type,
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  }
}
