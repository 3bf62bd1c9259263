// @ts-check
/*
 * The store's operations on one SQLite file as synchronous calls answering rows: boards, their
 * update log and compaction, snapshots, ballots and grants. Runs inside the storage worker only
 * (sqlite-worker.mjs answers each request by calling the method it names); `SqliteBoardStore`
 * maps the rows to records with rows.ts.
 */
import * as Y from 'yjs';
import { SqliteBlobs } from './blobs-sqlite.mjs';
import { entriesOf, lengthsOf, unpackUpdates, updatesOfEntry } from './merge-small.mjs';
import { GENERATION_COLUMNS, SNAPSHOT_SELECT, openDatabase } from './sqlite-schema.mjs';

/**
 * @typedef {import('./rows').BoardRow} BoardRow
 * @typedef {import('./rows').SnapshotRow} SnapshotRow
 * @typedef {import('./rows').BallotRow} BallotRow
 * @typedef {import('./rows').GrantRow} GrantRow
 * @typedef {{ id: string, boardId: string, name: string, kind: string, author: string, createdAt: string }} SnapshotFields
 */

/**
 * A view of a Buffer read from SQLite as the plain Uint8Array Yjs expects (each row gets a fresh
 * Buffer, so posting it to the store copies that row only).
 * @param {Buffer} data
 * @returns {Uint8Array}
 */
function bytes(data) {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * @param {readonly Uint8Array[]} updates
 * @returns {number} their bytes together
 */
function byteLengthOf(updates) {
  let total = 0;
  for (const update of updates) total += update.byteLength;
  return total;
}

/**
 * The updates of logged rows, in order (a row may hold several side by side; see `appendPacked`).
 * @param {{ data: Buffer, lengths: Buffer | null }[]} rows
 * @returns {Uint8Array[]}
 */
function updatesOfRows(rows) {
  return rows.flatMap((row) => updatesOfEntry(bytes(row.data), row.lengths));
}

/**
 * One SQLite file (WAL mode) with the store's operations as synchronous calls answering rows.
 * Only ever used inside the worker.
 */
export class SqliteDatabase {
  /** @param {string} file a path, or `':memory:'` */
  constructor(file) {
    const db = openDatabase(file);
    this.db = db;
    this.blobs = new SqliteBlobs(db);
    this.statements = {
      insertBoard: db.prepare(
        'INSERT INTO boards (id, title, created_at) VALUES (@id, @title, @createdAt)',
      ),
      getBoard: db.prepare('SELECT * FROM boards WHERE id = ?'),
      getState: db.prepare('SELECT data, upto_seq FROM board_state WHERE board_id = ?'),
      listUpdates: db.prepare(
        'SELECT data, lengths FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq',
      ),
      listUpdatesUpTo: db.prepare(
        `SELECT data, lengths FROM board_updates WHERE board_id = ? AND seq > ? AND seq <= ?
         ORDER BY seq`,
      ),
      insertUpdate: db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)'),
      insertEntry: db.prepare(
        'INSERT INTO board_updates (board_id, data, lengths) VALUES (?, ?, ?)',
      ),
      upsertState: db.prepare(
        `INSERT INTO board_state (board_id, data, upto_seq) VALUES (?, ?, ?)
         ON CONFLICT(board_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
      ),
      deleteUpdates: db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?'),
      insertSnapshot: db.prepare(
        `INSERT INTO snapshots (id, board_id, name, kind, author, created_at, data, thumbnail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      listSnapshots: db.prepare(
        `SELECT ${SNAPSHOT_SELECT} FROM snapshots WHERE board_id = ? ORDER BY created_at DESC, rowid DESC`,
      ),
      getSnapshot: db.prepare(
        `SELECT ${SNAPSHOT_SELECT}, data FROM snapshots WHERE board_id = ? AND id = ?`,
      ),
      getThumbnail: db.prepare('SELECT thumbnail FROM snapshots WHERE board_id = ? AND id = ?'),
      deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE board_id = ? AND id = ?'),
      pruneAutoSnapshots: db.prepare(
        `DELETE FROM snapshots WHERE board_id = ? AND kind = 'auto' AND id NOT IN (
           SELECT id FROM snapshots WHERE board_id = ? AND kind = 'auto'
           ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      ),
      rotateGeneration: new Map(
        GENERATION_COLUMNS.map((column) => [
          column,
          db.prepare(`UPDATE boards SET ${column} = ${column} + 1 WHERE id = ?`),
        ]),
      ),
      listBallots: db.prepare(
        'SELECT user_id, session_id, secret_hash, votes FROM ballots WHERE board_id = ?',
      ),
      upsertBallot: db.prepare(
        `INSERT INTO ballots (board_id, user_id, session_id, secret_hash, votes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(board_id, user_id) DO UPDATE SET session_id = excluded.session_id,
           secret_hash = excluded.secret_hash, votes = excluded.votes`,
      ),
      clearBallots: db.prepare(
        "UPDATE ballots SET session_id = '', votes = '{}' WHERE board_id = ?",
      ),
      insertGrant: db.prepare(
        `INSERT INTO grants (id, board_id, role, name, granted_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      getGrant: db.prepare('SELECT * FROM grants WHERE board_id = ? AND id = ?'),
      listGrants: db.prepare(
        'SELECT * FROM grants WHERE board_id = ? AND revoked_at IS NULL ORDER BY created_at, rowid',
      ),
      revokeGrant: db.prepare(
        'UPDATE grants SET revoked_at = ? WHERE board_id = ? AND id = ? AND revoked_at IS NULL',
      ),
      ping: db.prepare('SELECT 1'),
    };
    const { insertUpdate, insertEntry } = this.statements;
    /**
     * `appendUpdates`' transaction, made once: better-sqlite3 builds a wrapper (with its deferred,
     * immediate and exclusive variants) on every `db.transaction` call, about three times what the
     * insert of a group commit costs (8 -> 2.5 us per insert in a micro-benchmark).
     */
    this.appendTransaction = db.transaction(
      /** @param {string} id @param {readonly Uint8Array[]} updates @returns {number} */
      (id, updates) => {
        let seq = 0;
        for (const update of updates) seq = Number(insertUpdate.run(id, update).lastInsertRowid);
        return seq;
      },
    );
    /** `appendPacked`'s transaction, made once for the same reason. */
    this.appendEntriesTransaction = db.transaction(
      /** @param {string} id @param {readonly Uint8Array[][]} entries @returns {number} */
      (id, entries) => {
        let seq = 0;
        for (const entry of entries) {
          const first = /** @type {Uint8Array} */ (entry[0]);
          // A run's updates are neighbours in the packed buffer: the row's data is a view of them.
          const result =
            entry.length === 1
              ? insertUpdate.run(id, first)
              : insertEntry.run(
                  id,
                  new Uint8Array(first.buffer, first.byteOffset, byteLengthOf(entry)),
                  lengthsOf(entry),
                );
          seq = Number(result.lastInsertRowid);
        }
        return seq;
      },
    );
  }

  /** @param {[string, string, string, string, string, string]} values id, board_id, role, name, granted_by, created_at */
  createGrant(values) {
    this.statements.insertGrant.run(...values);
  }

  /**
   * @param {string} boardId
   * @param {string} grantId
   * @returns {GrantRow | null}
   */
  getGrant(boardId, grantId) {
    return (
      /** @type {GrantRow | undefined} */ (this.statements.getGrant.get(boardId, grantId)) ?? null
    );
  }

  /**
   * @param {string} boardId
   * @returns {GrantRow[]}
   */
  listGrants(boardId) {
    return /** @type {GrantRow[]} */ (this.statements.listGrants.all(boardId));
  }

  /**
   * @param {string} boardId
   * @param {string} grantId
   * @param {string} at
   * @returns {boolean} whether a grant was revoked now
   */
  revokeGrant(boardId, grantId, at) {
    return this.statements.revokeGrant.run(at, boardId, grantId).changes > 0;
  }

  /**
   * @param {string} boardId
   * @returns {BallotRow[]}
   */
  loadBallots(boardId) {
    return /** @type {BallotRow[]} */ (this.statements.listBallots.all(boardId));
  }

  /** @param {[string, string, string, Uint8Array, string]} values as rows.ts `ballotValues` makes them */
  saveBallot(values) {
    this.statements.upsertBallot.run(...values);
  }

  /** @param {string} boardId */
  clearBallots(boardId) {
    this.statements.clearBallots.run(boardId);
  }

  /**
   * @param {{ id: string, title: string, createdAt: string, initialState?: Uint8Array | undefined }} board
   * @returns {BoardRow}
   */
  createBoard(board) {
    const { statements } = this;
    this.db.transaction(() => {
      statements.insertBoard.run({ id: board.id, title: board.title, createdAt: board.createdAt });
      if (board.initialState) statements.upsertState.run(board.id, board.initialState, 0);
    })();
    return /** @type {BoardRow} */ (statements.getBoard.get(board.id));
  }

  /**
   * @param {string} id
   * @returns {BoardRow | null}
   */
  getBoard(id) {
    return /** @type {BoardRow | undefined} */ (this.statements.getBoard.get(id)) ?? null;
  }

  /**
   * The compacted state (if any) first, then every logged entry in order, one update each.
   * @param {string} id
   * @returns {Uint8Array[]}
   */
  loadBoardUpdates(id) {
    const { statements } = this;
    return this.db.transaction(() => {
      const state = /** @type {{ data: Buffer, upto_seq: number } | undefined} */ (
        statements.getState.get(id)
      );
      // A row of several updates is merged into one here, off the event loop, which then applies
      // one update per row (and counts the rows: update-log.ts compacts after so many entries).
      const log = /** @type {{ data: Buffer, lengths: Buffer | null }[]} */ (
        statements.listUpdates.all(id, state?.upto_seq ?? 0)
      ).map((row) =>
        row.lengths
          ? Y.mergeUpdates(updatesOfEntry(bytes(row.data), row.lengths))
          : bytes(row.data),
      );
      return state ? [bytes(state.data), ...log] : log;
    })();
  }

  /**
   * Appends in one transaction; the sequence number of the last one.
   * @param {string} id
   * @param {readonly Uint8Array[]} updates
   * @returns {number}
   */
  appendUpdates(id, updates) {
    return this.appendTransaction(id, updates);
  }

  /**
   * `appendUpdates` of the packed updates with each run of small ones (merge-small.mjs
   * `entriesOf`) stored as one entry: the run's updates side by side in one row, their lengths
   * beside them. Yjs' mergeUpdates would decode and re-encode every update of the run, and the
   * garbage it leaves costs this thread's collector as much again (bench:server heavy: ~2 % of the
   * server's core); the next compaction merges them anyway.
   * @param {string} id
   * @param {{ bytes: Uint8Array, lengths: number[] }} packed see merge-small.mjs `packUpdates`
   * @returns {number}
   */
  appendPacked(id, packed) {
    return this.appendEntriesTransaction(id, entriesOf(unpackUpdates(packed)));
  }

  /**
   * @param {string} id
   * @param {Uint8Array} mergedState
   * @param {number} uptoSeq
   */
  compact(id, mergedState, uptoSeq) {
    const { statements } = this;
    this.db.transaction(() => {
      statements.upsertState.run(id, mergedState, uptoSeq);
      statements.deleteUpdates.run(id, uptoSeq);
    })();
  }

  /**
   * Compacts the log up to `uptoSeq` from what is stored alone: the stored state and log decoded
   * into one garbage-collected document, the state a cold load would build, so the server's event
   * loop neither encodes nor merges anything for it. Entries after `uptoSeq` stay.
   * @param {string} id
   * @param {number} uptoSeq
   * @returns {number} the new state's size
   */
  compactStored(id, uptoSeq) {
    const { statements } = this;
    return this.db.transaction(() => {
      const state = /** @type {{ data: Buffer, upto_seq: number } | undefined} */ (
        statements.getState.get(id)
      );
      const from = state?.upto_seq ?? 0;
      if (uptoSeq <= from) return state?.data.byteLength ?? 0;
      const log = updatesOfRows(
        /** @type {{ data: Buffer, lengths: Buffer | null }[]} */ (
          statements.listUpdatesUpTo.all(id, from, uptoSeq)
        ),
      );
      const doc = new Y.Doc({ gc: true });
      if (state) Y.applyUpdate(doc, bytes(state.data));
      for (const update of log) Y.applyUpdate(doc, update);
      const merged = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      statements.upsertState.run(id, merged, uptoSeq);
      statements.deleteUpdates.run(id, uptoSeq);
      return merged.byteLength;
    })();
  }

  /**
   * @param {string} id
   * @param {string} column one of the generation columns (rows.ts `GENERATION_COLUMN`)
   * @returns {BoardRow | null}
   */
  rotateGeneration(id, column) {
    const statement = this.statements.rotateGeneration.get(column);
    if (!statement) throw new Error(`unknown generation column ${column}`);
    statement.run(id);
    return this.getBoard(id);
  }

  /**
   * @param {SnapshotFields} snapshot
   * @param {Uint8Array} state
   * @param {Uint8Array | undefined} thumbnail
   */
  saveSnapshot(snapshot, state, thumbnail) {
    this.statements.insertSnapshot.run(
      snapshot.id,
      snapshot.boardId,
      snapshot.name,
      snapshot.kind,
      snapshot.author,
      snapshot.createdAt,
      state,
      thumbnail ?? null,
    );
  }

  /**
   * @param {string} boardId
   * @param {string} snapshotId
   * @returns {Uint8Array | null}
   */
  getSnapshotThumbnail(boardId, snapshotId) {
    const row = /** @type {{ thumbnail: Buffer | null } | undefined} */ (
      this.statements.getThumbnail.get(boardId, snapshotId)
    );
    return row?.thumbnail ? bytes(row.thumbnail) : null;
  }

  /**
   * @param {string} boardId
   * @param {string} snapshotId
   * @returns {boolean} false when there was none
   */
  deleteSnapshot(boardId, snapshotId) {
    return this.statements.deleteSnapshot.run(boardId, snapshotId).changes > 0;
  }

  /**
   * @param {string} boardId
   * @param {number} keep
   */
  pruneAutoSnapshots(boardId, keep) {
    this.statements.pruneAutoSnapshots.run(boardId, boardId, keep);
  }

  /**
   * @param {string} boardId
   * @returns {SnapshotRow[]}
   */
  listSnapshots(boardId) {
    return /** @type {SnapshotRow[]} */ (this.statements.listSnapshots.all(boardId));
  }

  /**
   * @param {string} boardId
   * @param {string} snapshotId
   * @returns {{ row: SnapshotRow, state: Uint8Array } | null}
   */
  getSnapshot(boardId, snapshotId) {
    const row = /** @type {(SnapshotRow & { data: Buffer }) | undefined} */ (
      this.statements.getSnapshot.get(boardId, snapshotId)
    );
    if (!row) return null;
    const { data, ...snapshot } = row;
    return { row: snapshot, state: bytes(data) };
  }

  /**
   * @param {string} boardId
   * @param {string} hash
   * @param {string} type
   * @param {Uint8Array} bytes
   */
  putBlob(boardId, hash, type, bytes) {
    this.blobs.put(boardId, hash, type, bytes);
  }

  /**
   * @param {string} boardId
   * @param {string} hash
   */
  getBlob(boardId, hash) {
    return this.blobs.get(boardId, hash);
  }

  /**
   * @param {string} boardId
   * @param {string} hash
   */
  linkBlob(boardId, hash) {
    return this.blobs.link(boardId, hash);
  }

  ping() {
    this.statements.ping.get();
  }

  close() {
    if (this.db.open) this.db.close();
  }
}
