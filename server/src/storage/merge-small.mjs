// @ts-check
/*
 * Runs of small updates made into one log entry each, shared by the server's event loop
 * (update-log.ts counts the entries a batch makes; the PostgreSQL store merges there) and the SQLite
 * worker (sqlite-database.mjs stores each run's updates side by side in one row, off the event
 * loop). Plain JavaScript for the same reason as sqlite-worker.mjs.
 */
import * as Y from 'yjs';

/**
 * Updates are merged only while the merged result stays this small. Merging many small updates
 * (drags, typing) saves rows and socket writes; merging a few big ones (an import, a paste of
 * thousands of items) only costs time and a burst of memory the process keeps afterwards.
 */
const MERGE_LIMIT_BYTES = 64 * 1024;

/**
 * Batches of fewer updates than this are stored as they came. Merging two updates decodes and
 * re-encodes both (Yjs' mergeUpdates) and leaves garbage for the storage worker's collector, which
 * costs more than the log entry it saves (a row until the next compaction folds it in): in
 * bench:server planning, where a board's flush window holds one or two updates, the server process
 * used 24 % of its core with every batch merged and 21 % without merging these (the worker thread
 * 2.2 -> 1.5 %, V8's helper threads 4.9 -> 3.0 %). A window with more updates (a busy room) still
 * becomes one entry, so a busy board's log grows no faster than before.
 */
const MERGE_MIN_UPDATES = 3;

/**
 * `updates` cut into runs of neighbours whose total stays within the limit (a big update is a run
 * of its own), in order.
 * @param {readonly Uint8Array[]} updates
 * @returns {Uint8Array[][]}
 */
function runsOf(updates) {
  /** @type {Uint8Array[][]} */
  const runs = [];
  /** @type {Uint8Array[]} */
  let run = [];
  let runBytes = 0;
  for (const update of updates) {
    if (run.length > 0 && runBytes + update.byteLength > MERGE_LIMIT_BYTES) {
      runs.push(run);
      run = [];
      runBytes = 0;
    }
    run.push(update);
    runBytes += update.byteLength;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * `updates` with each run of small neighbours merged into one update, in order (a batch of fewer
 * than MERGE_MIN_UPDATES as it is).
 * @param {readonly Uint8Array[]} updates
 * @returns {Uint8Array[]}
 */
export function mergeSmall(updates) {
  if (updates.length < MERGE_MIN_UPDATES) return [...updates];
  return runsOf(updates).map((run) =>
    run.length === 1 ? /** @type {Uint8Array} */ (run[0]) : Y.mergeUpdates(run),
  );
}

/**
 * `updates` cut the way `mergeSmall` cuts them, without merging anything: each run becomes one
 * entry of the log (a batch of fewer than MERGE_MIN_UPDATES is a run per update).
 * @param {readonly Uint8Array[]} updates
 * @returns {Uint8Array[][]}
 */
export function entriesOf(updates) {
  return updates.length < MERGE_MIN_UPDATES ? updates.map((update) => [update]) : runsOf(updates);
}

/**
 * How many updates `mergeSmall(updates)` returns, without merging anything.
 * @param {readonly Uint8Array[]} updates
 * @returns {number}
 */
export function mergedCount(updates) {
  return updates.length < MERGE_MIN_UPDATES ? updates.length : runsOf(updates).length;
}

/**
 * `updates` packed into one buffer, so that posting them to the worker moves one buffer
 * (transferred, not copied) instead of cloning every update (each a view into the websocket frame
 * it came in).
 * @param {readonly Uint8Array[]} updates
 * @returns {{ bytes: Uint8Array, lengths: number[] }}
 */
export function packUpdates(updates) {
  let total = 0;
  for (const update of updates) total += update.byteLength;
  const bytes = new Uint8Array(total);
  const lengths = [];
  let offset = 0;
  for (const update of updates) {
    bytes.set(update, offset);
    offset += update.byteLength;
    lengths.push(update.byteLength);
  }
  return { bytes, lengths };
}

/**
 * The updates `packUpdates` packed, as views of its buffer.
 * @param {{ bytes: Uint8Array, lengths: readonly number[] }} packed
 * @returns {Uint8Array[]}
 */
export function unpackUpdates({ bytes, lengths }) {
  const updates = [];
  let offset = 0;
  for (const length of lengths) {
    updates.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return updates;
}

/**
 * The byte lengths of updates laid side by side in one stored entry, as the bytes SQLite keeps
 * beside them (32-bit little-endian each).
 * @param {readonly Uint8Array[]} updates
 * @returns {Uint8Array}
 */
export function lengthsOf(updates) {
  const lengths = new Uint8Array(updates.length * 4);
  const view = new DataView(lengths.buffer);
  updates.forEach((update, i) => view.setUint32(i * 4, update.byteLength, true));
  return lengths;
}

/**
 * The updates of one stored entry, as views of `data`: `data` itself when `lengths` is null (an
 * entry of one update, or a merged one), else the updates `lengthsOf` described, side by side.
 * @param {Uint8Array} data
 * @param {Uint8Array | null} lengths
 * @returns {Uint8Array[]}
 */
export function updatesOfEntry(data, lengths) {
  if (!lengths) return [data];
  const view = new DataView(lengths.buffer, lengths.byteOffset, lengths.byteLength);
  const updates = [];
  let offset = 0;
  for (let i = 0; i + 4 <= lengths.byteLength; i += 4) {
    const length = view.getUint32(i, true);
    updates.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return updates;
}
