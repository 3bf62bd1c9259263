import type { Metrics } from '../observability/metrics';
import { frameMessage } from './connection';
import type { Connection } from './connection';
import { encodeUpdate } from './protocol';
import { mergeSmall } from './update-log';

/** Shortest gap between two broadcasts of one room while the server is saturated. */
const BUSY_BROADCAST_INTERVAL_MS = 16;

export interface UpdateBroadcastOptions {
  /** The room's connections, read at each broadcast. */
  connections: ReadonlySet<Connection>;
  /** Whether the process is saturated; a busy server batches each room's broadcasts more. */
  load?: { readonly busy: boolean } | undefined;
  metrics: Metrics;
  /** Runs the scheduled broadcast so that a failure stays with the board (see Room.guarded). */
  guarded: (during: string, work: () => void) => void;
}

/**
 * Sends a room's document updates to its connections in batches: the updates applied during one
 * event-loop turn go out as one merged update. Under load a room receives many small updates per
 * turn (thirty people dragging); merging them turns O(updates × connections) socket writes into
 * O(connections), which is what keeps fan-out latency flat as a room gets busy. A connection whose
 * own update is part of a mixed batch gets it back; Yjs ignores what it already has.
 */
export class UpdateBroadcast {
  /** Updates applied since the last broadcast, and whose transactions they came from. */
  private outgoing: Uint8Array[] = [];
  private outgoingOrigins = new Set<unknown>();
  /** Cancels the scheduled broadcast; null when none is scheduled. */
  private cancelScheduled: (() => void) | null = null;
  private lastBroadcastAt = 0;

  constructor(private readonly options: UpdateBroadcastOptions) {}

  /** Queues an update applied with `origin` for the next broadcast, scheduling one if needed. */
  queue(update: Uint8Array, origin: unknown): void {
    this.outgoing.push(update);
    this.outgoingOrigins.add(origin);
    if (this.cancelScheduled !== null) return;
    // Saturated, the server sends each room's updates at most every few milliseconds: fewer,
    // bigger messages cost far less than many small ones, and the queue they would wait in costs
    // more than the wait. Otherwise the end of this turn.
    const wait = this.options.load?.busy
      ? this.lastBroadcastAt + BUSY_BROADCAST_INTERVAL_MS - performance.now()
      : 0;
    if (wait > 0) {
      const timer = setTimeout(this.broadcast, wait);
      this.cancelScheduled = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(this.broadcast);
      this.cancelScheduled = () => clearImmediate(immediate);
    }
  }

  /** Sends what is queued now (on unload, so nothing applied is left unsent). */
  flushNow(): void {
    this.cancelScheduled?.();
    this.broadcast();
  }

  private readonly broadcast = (): void => {
    this.options.guarded('sending updates', this.sendOutgoing);
  };

  private readonly sendOutgoing = (): void => {
    this.cancelScheduled = null;
    this.lastBroadcastAt = performance.now();
    const updates = this.outgoing;
    const origins = this.outgoingOrigins;
    if (updates.length === 0) return;
    this.outgoing = [];
    this.outgoingOrigins = new Set();
    const started = performance.now();
    // Encoded and framed once; every connection is handed the same bytes.
    const frames = mergeSmall(updates).map((update) => frameMessage(encodeUpdate(update)));
    const soleOrigin = origins.size === 1 ? origins.values().next().value : undefined;
    let sent = 0;
    let bytes = 0;
    for (const connection of this.options.connections) {
      // A draft connection gets the board's changes through its team's draft (see drafts.ts).
      if (connection.origin === soleOrigin || connection.draftTeam !== undefined) continue;
      for (const frame of frames) {
        if (!connection.sendFrame(frame)) break;
        sent += 1;
        bytes += frame.message.byteLength;
      }
    }
    const { metrics } = this.options;
    metrics.updatesOut.inc(sent);
    metrics.bytesOut.inc(bytes);
    metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
  };
}
