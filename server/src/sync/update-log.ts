import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import type { Metrics } from '../observability/metrics';
import type { BoardStore } from '../storage/board-store';
import { mergeSmall, mergedCount } from '../storage/merge-small.mjs';

const MAX_RETRY_DELAY_MS = 10_000;

export { mergeSmall };

/**
 * One timer per flush interval for every board's log: the logs with updates waiting join the next
 * tick of the process's clock (a multiple of the interval) and all of them flush when it fires.
 * A timer per board cost each update that started a window a setTimeout, and the process a timer
 * firing per board per window (bench:server planning, 20 boards: ~4 % of the event loop's time).
 */
class FlushTicks {
  private readonly due = new Set<UpdateLog>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly interval: number) {}

  add(log: UpdateLog): void {
    this.due.add(log);
    if (this.timer) return;
    this.timer = setTimeout(this.fire, this.interval - (performance.now() % this.interval));
  }

  delete(log: UpdateLog): void {
    this.due.delete(log);
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const due = [...this.due];
    this.due.clear();
    for (const log of due) log.tick();
  };
}

const flushTicks = new Map<number, FlushTicks>();

function ticksOf(interval: number): FlushTicks {
  let ticks = flushTicks.get(interval);
  if (!ticks) flushTicks.set(interval, (ticks = new FlushTicks(interval)));
  return ticks;
}

export interface UpdateLogOptions {
  boardId: string;
  store: BoardStore;
  log: FastifyBaseLogger;
  metrics: Metrics;
  /** Other instances append to the same log: compaction merges the stored log in too. */
  sharedStorage: boolean;
  flushIntervalMs: number;
  compactAfterUpdates: number;
  /** Number of log entries already stored for the board (so compaction also covers older sessions). */
  storedEntries: number;
  /** The board's full current state, used as the compacted state. */
  currentState: () => Uint8Array;
  /** Told the size of the compacted state after each compaction. */
  onCompacted?: (stateBytes: number) => void;
}

/**
 * Writes a board's updates in group commits: everything applied within one flush window becomes one
 * log entry in one transaction, so a crash loses at most one window. A failed write keeps the updates
 * queued and retries with backoff; nothing is ever dropped.
 */
export class UpdateLog {
  private pending: Uint8Array[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failures = 0;
  private storedEntries: number;
  /** Sequence number of the last entry this instance wrote, the bound of a compaction. */
  private lastSeq: number | undefined;
  private disposed = false;
  /** Compactions under way. */
  private compacting = 0;
  /** The process-wide ticks of this log's flush interval. */
  private readonly ticks: FlushTicks;
  /** Whether this log waits for the next tick. */
  private ticking = false;

  constructor(private readonly options: UpdateLogOptions) {
    this.storedEntries = options.storedEntries;
    this.ticks = ticksOf(options.flushIntervalMs);
  }

  /** True while the last write failed (a retry is scheduled). */
  get isFailing(): boolean {
    return this.failures > 0;
  }

  /** True while some applied update is not stored yet: queued, or in a write under way. */
  get hasUnwritten(): boolean {
    return this.pending.length > 0 || this.inFlight !== undefined;
  }

  /**
   * True while updates wait to be written, or a write or compaction is under way. A compaction
   * counts: it runs in the store's own time (SQLite: its worker thread), and a board unloaded
   * before it ends would stay in memory, held by it, with nothing to show for it.
   */
  get hasPending(): boolean {
    return this.pending.length > 0 || this.inFlight !== undefined || this.compacting > 0;
  }

  /** Queues an applied update; it is written at the end of the current flush window. */
  enqueue(update: Uint8Array): void {
    this.pending.push(update);
    if (this.ticking || this.timer || this.disposed) return;
    // Every board's window ends on the same tick of the process's clock (still at most one window
    // after the update), so the store receives all boards' commits at once (see SqliteBoardStore).
    this.ticking = true;
    this.ticks.add(this);
  }

  /** The flush tick this log waited for (see FlushTicks). */
  tick(): void {
    this.ticking = false;
    // A retry scheduled meanwhile (see write) keeps its own time.
    if (this.timer || this.disposed) return;
    // Failures are logged and rescheduled inside write().
    this.flushPending().catch(() => undefined);
  }

  /**
   * Writes everything queued now; rejects if storage fails (the updates stay queued for the retry).
   * With `compact`, a log of more than one entry is then merged into one state, so the next cold
   * load decodes one merged update instead of replaying the session's history (boards going idle
   * and shutdown use this).
   */
  async flush(options: { compact?: boolean } = {}): Promise<void> {
    await this.flushPending();
    if (options.compact && this.storedEntries > 1 && this.lastSeq !== undefined) {
      await this.compact(this.lastSeq);
    }
  }

  private async flushPending(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.pending.length === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    const write = this.write(batch);
    this.inFlight = write;
    try {
      await write;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Stops timers; queued updates must have been flushed before. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ticks.delete(this);
    this.ticking = false;
  }

  private schedule(delay: number): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Failures are logged and rescheduled inside write().
      this.flushPending().catch(() => undefined);
    }, delay);
  }

  private async write(batch: Uint8Array[]): Promise<void> {
    const { store, boardId, log, metrics } = this.options;
    let seq: number;
    const started = performance.now();
    try {
      // The store makes each run of the batch one entry in its own time, not on this event loop
      // (PostgreSQL merges it, which costs more than applying the updates did).
      seq = await store.appendUpdates(boardId, batch, { mergeSmall: true });
      metrics.storeWriteSeconds.observe((performance.now() - started) / 1000);
    } catch (err) {
      metrics.storeFailures.inc({ operation: 'append' });
      // Put the batch back in front so the order of the log is kept.
      this.pending = [...batch, ...this.pending];
      this.failures += 1;
      const delay = Math.min(this.options.flushIntervalMs * 2 ** this.failures, MAX_RETRY_DELAY_MS);
      log.error(
        { err, boardId, attempt: this.failures, retryInMs: delay },
        'storing board updates failed',
      );
      this.schedule(delay);
      throw err;
    }
    this.failures = 0;
    this.storedEntries += mergedCount(batch);
    this.lastSeq = seq;
    if (this.storedEntries > this.options.compactAfterUpdates) await this.compact(seq);
  }

  private async compact(uptoSeq: number): Promise<void> {
    const { store, boardId, log } = this.options;
    this.compacting += 1;
    try {
      let stateBytes: number;
      if (store.compactStored) {
        // The store merges what it holds itself (SQLite: in its worker thread), so compacting
        // costs this event loop nothing; it also covers entries other instances wrote.
        stateBytes = await store.compactStored(boardId, uptoSeq);
      } else {
        // The in-memory document already contains every update up to uptoSeq (and maybe later
        // ones, which are harmless to apply twice on load).
        const state = this.options.sharedStorage
          ? await this.mergedWithStorage()
          : this.options.currentState();
        await store.compact(boardId, state, uptoSeq);
        stateBytes = state.byteLength;
      }
      this.storedEntries = 0;
      this.options.onCompacted?.(stateBytes);
      log.debug({ boardId, uptoSeq }, 'compacted board update log');
    } catch (err) {
      // The log is still complete; compaction is retried after the next write.
      this.options.metrics.storeFailures.inc({ operation: 'compact' });
      log.error({ err, boardId }, 'compacting board update log failed');
    } finally {
      this.compacting -= 1;
    }
  }

  /**
   * The current state merged with everything storage holds, read before compacting: entries another
   * instance wrote and whose relay never reached us survive the compaction.
   */
  private async mergedWithStorage(): Promise<Uint8Array> {
    const stored = await this.options.store.loadBoardUpdates(this.options.boardId);
    const doc = new Y.Doc({ gc: true });
    for (const update of stored) Y.applyUpdate(doc, update);
    Y.applyUpdate(doc, this.options.currentState());
    const merged = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return merged;
  }
}
