// @ts-check
/*
 * The SQLite storage worker: owns the better-sqlite3 connection, so that its synchronous calls
 * (group commits, WAL checkpoints, board loads, compaction) block this thread and never the
 * server's event loop. `SqliteBoardStore` (sqlite-store.ts) starts it and maps its rows to records
 * with rows.ts, the mapping the PostgreSQL store shares. The operations are `SqliteDatabase`
 * (sqlite-database.mjs), the file's tables sqlite-schema.mjs; this module is the thread's side of
 * the request/reply protocol.
 *
 * Plain JavaScript (type-checked through JSDoc) on purpose: Node starts it as it is, whether the
 * server runs from TypeScript via tsx, under vitest, or compiled, with no TypeScript loader to
 * register inside the worker. A TypeScript worker needs tsx registered in the worker by hand
 * (vitest gives workers no loader, and tsx's own is not inherited by workers on Node 20), which
 * made every store take about four times as long to open. Requests are answered one at a time in
 * the order they arrive, as on a single connection; they come in batches and the replies go back
 * the same way, one message each way per batch.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDatabase } from './sqlite-database.mjs';

/**
 * @typedef {{ id: number, operation: string, args: unknown[] }} Request
 * @typedef {{ id: number, value?: unknown, error?: { name: string, message: string, code?: string | undefined } }} Reply
 */

/**
 * What an operation threw, as a plain object (an SqliteError's `code` would not survive a post).
 * @param {unknown} err
 * @returns {NonNullable<Reply['error']>}
 */
function describeError(err) {
  if (err instanceof Error) {
    const code = /** @type {{ code?: unknown }} */ (err).code;
    return {
      name: err.name,
      message: err.message,
      code: typeof code === 'string' ? code : undefined,
    };
  }
  return { name: 'Error', message: String(err) };
}

/**
 * This thread's scheduling priority: the lowest there is. The worker exists so that storage never
 * holds up the fan-out; on a machine with few cores (or a server pinned to one) it shares a core
 * with the event loop. Each group commit wakes it, and a thread that just woke may take the core
 * from the event loop at once, so updates that arrive meanwhile wait for SQLite. At niceness 19 it
 * gets the core while the event loop waits for the network, which it does most of the time; a busy
 * event loop only makes the commits bigger (the update log sends the next batch once the last one is
 * stored). Ten steps nicer than the event loop (what it ran at before) still delayed the event loop
 * by about 20-30 ms in every 10 s of bench:server planning and heavy (sched_switch trace of the
 * pinned core); at 19, 2-6 ms.
 */
const NICENESS = 19;

/**
 * Lowers this thread's scheduling priority to NICENESS (Linux: a thread's own niceness, by its thread
 * id; never the process's). Elsewhere, or if it is not allowed, the thread keeps the process's.
 */
function lowerPriority() {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, NICENESS);
  } catch {
    // Not Linux (no /proc/thread-self) or not permitted: same priority as the event loop.
  }
}

/** @param {import('node:worker_threads').MessagePort} port */
function serve(port) {
  lowerPriority();
  const { file } = /** @type {{ file: string }} */ (workerData);
  /** @type {unknown} Opening failed: every request is answered with why (healthz reports it). */
  let openError;
  /** @type {SqliteDatabase | undefined} */
  let database;
  try {
    database = new SqliteDatabase(file);
  } catch (err) {
    openError = err;
  }
  /** @param {Request} request @returns {Reply} */
  const answer = (request) => {
    try {
      if (!database) {
        // Nothing was opened, so there is nothing to close.
        if (request.operation !== 'close') throw openError;
        return { id: request.id };
      }
      // Operation names come from SqliteBoardStore, which only sends methods of this class.
      const method = /** @type {Record<string, (...args: unknown[]) => unknown>} */ (
        /** @type {unknown} */ (database)
      )[request.operation];
      if (typeof method !== 'function') throw new Error(`unknown operation ${request.operation}`);
      return { id: request.id, value: method.apply(database, request.args) };
    } catch (err) {
      return { id: request.id, error: describeError(err) };
    }
  };
  // Made once (better-sqlite3 builds a wrapper on every db.transaction call).
  const together = database?.db.transaction(
    /** @param {Request[]} requests @returns {Reply[]} */ (requests) => requests.map(answer),
  );
  /**
   * Several boards' group commits of one batch in one SQLite transaction (each still all or nothing
   * in its own savepoint: a board that fails leaves the others stored): one commit writes the
   * log's pages once instead of once per board.
   * @param {Request[]} requests @returns {Reply[]}
   */
  const answerTogether = (requests) => {
    if (!together) return requests.map(answer);
    try {
      return together(requests);
    } catch (err) {
      // The commit itself failed: nothing of the batch was stored.
      const error = describeError(err);
      return requests.map((request) => ({ id: request.id, error }));
    }
  };
  // Requests come in batches (one event-loop turn of the store's); the replies go back as one.
  port.on('message', (/** @type {Request[]} */ requests) => {
    /** @type {Reply[]} */
    const replies = [];
    for (let start = 0; start < requests.length;) {
      let end = start;
      while (requests[end]?.operation === 'appendPacked') end++;
      if (end - start > 1) {
        replies.push(...answerTogether(requests.slice(start, end)));
        start = end;
      } else replies.push(answer(/** @type {Request} */ (requests[start++])));
    }
    port.postMessage(replies);
    // The last request: closing the port lets the worker end.
    if (requests.some((request) => request.operation === 'close')) port.close();
  });
}

if (parentPort && workerData?.weboardSqlite) serve(parentPort);
