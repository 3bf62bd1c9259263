import type { Metrics } from '../observability/metrics';
import { frameMessages } from './connection';
import type { Connection } from './connection';
import { encodeUpdate } from './protocol';

/** Shortest gap between two broadcasts of one room while the server is saturated. */
const BUSY_BROADCAST_INTERVAL_MS = 16;

/**
 * Socket writes a second of a room's updates (batches × receivers, over the last whole second)
 * from which its updates wait for each person's presence turn while the room takes turns (see
 * UpdateBroadcast). bench:people's room makes 0.1·N² a second (a tenth of N people type once a
 * second): from about 320 people on. Below it a write costs less than the wait would.
 */
export const HOLD_FROM_WRITES_PER_SECOND = 10_000;

export interface UpdateBroadcastOptions {
  /** The room's connections, read at each broadcast. */
  connections: ReadonlySet<Connection>;
  /** Whether the process is saturated; a busy server batches each room's broadcasts more. */
  load?: { readonly busy: boolean } | undefined;
  metrics: Metrics;
  /**
   * Whether the room's presence ticks take turns now (a big room with people moving, see
   * RoomPresence.takingTurns): then a connection that takes turns gets the updates with its next
   * presence message instead of in writes of their own.
   */
  turns?: { readonly takingTurns: boolean } | undefined;
  /** HOLD_FROM_WRITES_PER_SECOND unless given (tests). */
  holdFromWritesPerSecond?: number | undefined;
  /** Runs the scheduled broadcast so that a failure stays with the board (see Room.guarded). */
  guarded: (during: string, work: () => void) => void;
}

/**
 * Sends a room's document updates to its connections. The first update of an event-loop turn goes
 * out at once; the updates that follow it within the same turn go out together at the end of the
 * turn, framed once, as one socket write per connection. Sending the first at once keeps it from
 * waiting behind the rest of the turn (other rooms' messages read in the same poll); the stock
 * server sends every update as it is applied. bench:server, WeBoard's p99 less
 * @y/websocket-server's in the same round, median of twelve rounds (load 0.5-1.4): planning
 * 0.73 -> 0.38 ms, heavy 0.78 -> 0.16 ms.
 *
 * Under load a room receives many small updates per turn (thirty people dragging); writing them
 * together turns O(updates × connections) socket writes into O(connections), which is what keeps
 * fan-out latency flat as a room gets busy. They stay separate messages rather than one merged
 * update: merging (Yjs' mergeUpdates decodes and re-encodes every update) cost more of this thread
 * than the messages' frame headers cost anyone. A connection whose own update is part of a mixed
 * batch gets it back; Yjs ignores what it already has.
 *
 * In a big room whose people move, presence already reaches each person in a message of their own
 * every PRESENCE_TICK_MS, at their group's turn (see RoomPresence). When such a room's updates also
 * cost many socket writes (HOLD_FROM_WRITES_PER_SECOND), they wait for each person's turn and go
 * out in the same socket write: with 500 people, 150 moving and 50 typing, the server made ~35,000
 * socket writes a second (a quarter of its event loop was the kernel's writes), 50 updates and 20
 * presence messages per person a second. Holding the updates for the turn leaves at most 20 writes
 * per person a second, and a dragged note arrives with its mover's cursor instead of ahead of it;
 * an update waits at most one round (50 ms). bench:people at 500, five runs without and four with
 * (load 0.9-4.8): cursor p99 median 60.6 -> 52.4 ms, edit p99 29.2 -> 55.4 ms, server CPU 68 -> 65
 * %, the load generator's (the clients') 62 -> 49 %. A smaller room (its edits would wait for
 * nothing) and a room without moving people (bench:server's) send as above.
 */
export class UpdateBroadcast {
  /** Updates applied since the last broadcast, and whose transactions they came from. */
  private outgoing: Uint8Array[] = [];
  private outgoingOrigins = new Set<unknown>();
  /** Cancels the scheduled broadcast; null when none is scheduled. */
  private cancelScheduled: (() => void) | null = null;
  private lastBroadcastAt = 0;
  /** Writes of this room's updates in the current second, and in the whole second before it. */
  private writesThisSecond = 0;
  private writesLastSecond = 0;
  private secondStartedAt = 0;

  constructor(private readonly options: UpdateBroadcastOptions) {}

  /** Queues an update applied with `origin` for the next broadcast, scheduling one if needed. */
  queue(update: Uint8Array, origin: unknown): void {
    this.outgoing.push(update);
    this.outgoingOrigins.add(origin);
    if (this.cancelScheduled !== null) return;
    const busy = this.options.load?.busy === true;
    // The first of the turn goes now; the end of the turn is scheduled for what follows it.
    if (!busy) this.broadcast();
    // Saturated, the server sends each room's updates at most every few milliseconds: fewer,
    // bigger messages cost far less than many small ones, and the queue they would wait in costs
    // more than the wait. Otherwise the end of this turn.
    const wait = busy ? this.lastBroadcastAt + BUSY_BROADCAST_INTERVAL_MS - performance.now() : 0;
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
    const updates = this.outgoing;
    const origins = this.outgoingOrigins;
    if (updates.length === 0) return;
    this.lastBroadcastAt = performance.now();
    this.outgoing = [];
    this.outgoingOrigins = new Set();
    const started = performance.now();
    // Encoded and framed once; every connection is handed the same bytes.
    const frames = frameMessages(updates.map(encodeUpdate));
    const soleOrigin = origins.size === 1 ? origins.values().next().value : undefined;
    let receivers = 0;
    if (started - this.secondStartedAt >= 1000) {
      // A second with no broadcast at all in between leaves nothing for the last whole second.
      this.writesLastSecond = started - this.secondStartedAt < 2000 ? this.writesThisSecond : 0;
      this.writesThisSecond = 0;
      this.secondStartedAt = started;
    }
    const hold =
      this.options.turns?.takingTurns === true &&
      this.writesLastSecond >=
        (this.options.holdFromWritesPerSecond ?? HOLD_FROM_WRITES_PER_SECOND);
    for (const connection of this.options.connections) {
      // A draft connection gets the board's changes through its team's draft (see drafts.ts).
      if (connection.origin === soleOrigin || connection.draftTeam !== undefined) continue;
      const sent =
        hold && connection.takesTurns
          ? connection.holdFrames(frames)
          : connection.sendFrames(frames);
      if (sent) receivers += 1;
    }
    this.writesThisSecond += receivers;
    const sent = receivers * frames.messages.length;
    let messageBytes = 0;
    for (const message of frames.messages) messageBytes += message.byteLength;
    const bytes = receivers * messageBytes;
    const { metrics } = this.options;
    metrics.updatesOut.inc(sent);
    metrics.bytesOut.inc(bytes);
    metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
  };
}
