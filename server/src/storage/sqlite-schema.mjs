// @ts-check
/*
 * The SQLite file's layout: its tables, the columns added to older files on open, and how a
 * connection is opened (WAL mode). Used inside the storage worker only (sqlite-worker.mjs); plain
 * JavaScript for the reason given there.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

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
  data BLOB NOT NULL,
  lengths BLOB
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
CREATE TABLE IF NOT EXISTS grants (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS grants_by_board ON grants(board_id, created_at);
`;

/** Columns added after the first release, per table; added to older files on open. */
const ADDED_COLUMNS = {
  snapshots: {
    kind: "TEXT NOT NULL DEFAULT 'named'",
    author: "TEXT NOT NULL DEFAULT ''",
    thumbnail: 'BLOB',
  },
  // A log entry holding several updates side by side: their byte lengths (merge-small.mjs
  // `lengthsOf`); NULL when `data` is one update.
  board_updates: { lengths: 'BLOB' },
};

/** Column of each role's token generation (a fixed list, so safe to put in SQL). */
export const GENERATION_COLUMNS = ['facilitator_gen', 'editor_gen', 'viewer_gen'];

/** The snapshot columns a listing answers (everything but the state). */
export const SNAPSHOT_SELECT =
  'id, board_id, name, kind, author, created_at, thumbnail IS NOT NULL AS has_thumbnail';

/**
 * Opens (creating if needed) one SQLite file in WAL mode with every table, older files brought up
 * to the current columns.
 * @param {string} file a path, or `':memory:'`
 * @returns {import('better-sqlite3').Database}
 */
export function openDatabase(file) {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode stays consistent after a crash; only the last commits may be lost on power failure.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  for (const [table, added] of Object.entries(ADDED_COLUMNS)) {
    const columns = new Set(
      /** @type {{ name: string }[]} */ (db.prepare(`PRAGMA table_info(${table})`).all()).map(
        (c) => c.name,
      ),
    );
    for (const [column, definition] of Object.entries(added)) {
      if (!columns.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
  }
  return db;
}
