import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { CloseCode } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import WebSocket from 'ws';
import type { Metrics } from '../observability/metrics';
import { TokenBucket } from './limits';
import type { TransactionOrigin } from './origin';
import { MessageType } from './protocol';
import { headerLength, writeFrameHeader } from './ws-frame';

/** What a connection may send, and where it reports what it sent. */
export interface ConnectionLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** Largest single message; the byte bucket must hold at least one. */
  maxMessageBytes: number;
  metrics: Metrics;
}

/**
 * Presence updates (accepted entries) per second a connection may send on average. WeBoard's client
 * sends about 30 while its person moves (cursor 20 Hz, viewport 10 Hz); echoes never count.
 */
export const AWARENESS_PER_SECOND = 60;

/**
 * Bytes per second of presence echoes a connection may send back (stock y-websocket clients send
 * every presence they receive back to the server). The server sends each person at most
 * PRESENCE_BUDGET_BYTES_PER_SECOND of presence (see presence-fanout.ts), so an honest echo stays
 * far below this; it only bounds a client that sends stale presence on purpose.
 */
const ECHO_BYTES_PER_SECOND = 512 * 1024;
/** An echo of a whole room's presence (a joining client echoes what it was greeted with) fits. */
const ECHO_BURST_BYTES = 4 * 1024 * 1024;

/** Outgoing bytes a client may leave unread before it is disconnected. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Least time between two presence probes of one connection. */
const PROBE_SPACING_MS = 1000;

/** Every message is binary; one options object for all of them. */
const SEND_OPTIONS = { binary: true } as const;

/** Longest close reason the websocket protocol allows (bytes). */
const MAX_REASON_BYTES = 123;

/**
 * Largest message `send` frames itself (copying it behind a header); a bigger one (a whole board
 * for a joining client) goes through `WebSocket#send`, which writes it without a copy.
 */
const FRAME_COPY_LIMIT = 64 * 1024;

/** Messages framed once for any number of connections (see `frameMessages`). */
export interface Frames {
  /** The messages themselves, for a connection that cannot take the frames as they are. */
  readonly messages: readonly Uint8Array[];
  /** Their websocket frames back to back (header and message each), or null when not framed. */
  readonly bytes: Uint8Array | null;
}

/**
 * `messages` as binary websocket frames, final and unmasked (as a server sends them), with no
 * extension bits, back to back in one buffer. Every connection without extensions can be handed
 * these same bytes in one socket write: a broadcast frames its messages once, where
 * `WebSocket#send` builds a header, corks the socket and writes two buffers for each message and
 * receiver (about a microsecond of this thread per receiver, more than the rest of the broadcast;
 * bench:server storm delivers ~87 000 messages a second).
 */
export function frameMessages(messages: readonly Uint8Array[]): Frames {
  let total = 0;
  for (const message of messages) total += headerLength(message.byteLength) + message.byteLength;
  const bytes = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const message of messages) {
    offset += writeFrameHeader(bytes, offset, message.byteLength);
    bytes.set(message, offset);
    offset += message.byteLength;
  }
  return { messages, bytes };
}

/** One client's websocket on one board. */
export class Connection {
  readonly id = randomBytes(6).toString('base64url');
  /** Origin of the transactions this connection applies, compared by identity when relaying. */
  readonly origin: TransactionOrigin = Object.freeze({ kind: 'client', connectionId: this.id });
  /** Awareness client ids this connection has set, removed when it goes away. */
  readonly awarenessClients = new Set<number>();
  role: Role = 'viewer';
  /** The personal grant this connection joined with; undefined for a shared link. */
  grant: string | undefined = undefined;
  /**
   * The person (user id) this connection proved it speaks for (see access/person.ts); it may
   * change only that person's reaction records. Undefined: nobody's.
   */
  person: string | undefined = undefined;
  /** The team whose private-round drafts this connection asked to sync (see drafts.ts). */
  draftTeam: string | undefined = undefined;
  /**
   * Whether the room's presence ticks serve this connection (set once it was greeted): while they
   * take turns, its document updates wait for its turn (see UpdateBroadcast).
   */
  takesTurns = false;
  /** Cleared on each heartbeat ping, set again by the pong; still false at the next ping means dead. */
  alive = true;
  readonly log: FastifyBaseLogger;
  private readonly messageBucket: TokenBucket;
  private readonly byteBucket: TokenBucket;
  private readonly awarenessBucket = new TokenBucket(
    AWARENESS_PER_SECOND,
    AWARENESS_PER_SECOND * 2,
  );
  private readonly echoBucket = new TokenBucket(ECHO_BYTES_PER_SECOND, ECHO_BURST_BYTES);
  private readonly metrics: Metrics;
  /**
   * Presence this connection was charged for (accepted entries) and presence messages it sent that
   * held only echoes or stale entries (charged nothing). Read by tests and the metrics.
   */
  readonly presenceCounts = { chargedEntries: 0, echoMessages: 0 };

  constructor(
    readonly socket: WebSocket,
    readonly boardId: string,
    /** The client's address, for the per-address connection limit. */
    readonly ip: string,
    parentLog: FastifyBaseLogger,
    limits: ConnectionLimits,
  ) {
    this.log = parentLog.child({ boardId, connectionId: this.id });
    this.metrics = limits.metrics;
    this.messageBucket = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 4);
    this.byteBucket = new TokenBucket(
      limits.bytesPerSecond,
      Math.max(limits.bytesPerSecond * 4, limits.maxMessageBytes * 2),
    );
    // ws sends a frame it built by writing it to this socket; with no extension negotiated
    // (WeBoard's server enables none) it keeps no state between messages, so a frame built once
    // can be written the same way (see sendFrames).
    const { _socket: raw } = socket as unknown as { _socket?: Duplex };
    this.rawSocket = socket.extensions === '' && raw !== undefined ? raw : null;
  }

  /** The socket under the websocket, when frames can be written to it as they are. */
  private readonly rawSocket: Duplex | null;

  /**
   * Document updates' frames waiting for this connection's next presence turn (see `holdFrames`):
   * at most one presence round (PRESENCE_TICK_MS) of its room's updates.
   */
  private readonly held: Uint8Array[] = [];

  /**
   * Counts an incoming message against the rate limits; false means the sender is over them.
   * Presence messages are charged by the room once it has read them (see `chargePresence`): an
   * echo of other people's presence must cost nothing, and only reading it tells.
   */
  admit(message: Uint8Array): boolean {
    this.metrics.messagesIn.inc();
    this.metrics.bytesIn.inc(message.byteLength);
    if (message[0] === MessageType.Awareness) return true;
    return this.messageBucket.take(1) && this.byteBucket.take(message.byteLength);
  }

  /**
   * Charges a presence message that set (or tried to claim) presence: one message and its bytes
   * against the general limits, and `entries` accepted entries against the presence limit.
   */
  chargePresence(entries: number, bytes: number): boolean {
    this.presenceCounts.chargedEntries += entries;
    this.metrics.presenceEntries.inc({ kind: 'charged' }, entries);
    return (
      this.messageBucket.take(1) &&
      this.byteBucket.take(bytes) &&
      this.awarenessBucket.take(entries)
    );
  }

  /** A presence message holding only echoes or stale entries: bounded by its bytes alone. */
  admitEcho(bytes: number): boolean {
    this.presenceCounts.echoMessages += 1;
    this.metrics.presenceEchoMessages.inc();
    return this.echoBucket.take(bytes);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Queues `message`; `onWritten` runs once the socket has written it (not if the send fails). */
  send(message: Uint8Array, onWritten?: () => void): void {
    if (!this.isOpen || !this.admitSend()) return;
    this.metrics.bytesOut.inc(message.byteLength);
    this.write(
      this.rawSocket && message.byteLength <= FRAME_COPY_LIMIT
        ? frameMessages([message])
        : { messages: [message], bytes: null },
      onWritten === undefined
        ? undefined
        : (err) => {
            this.afterSend(err);
            if (!err) onWritten();
          },
    );
  }

  /**
   * Queues frames made by `frameMessages`, as `send` does its message; false if the connection is
   * gone (or was just closed for not reading). The caller counts the bytes in the metrics.
   */
  sendFrames(frames: Frames): boolean {
    if (!this.isOpen || !this.admitSend()) return false;
    this.write(frames);
    return true;
  }

  /**
   * Like `sendFrames`, but the frames wait for this connection's next presence turn (see
   * RoomPresence): they go out in the same socket write as its presence message, or alone at
   * `flushHeld`. A connection that cannot be handed frames as they are gets them now.
   */
  holdFrames(frames: Frames): boolean {
    if (!this.isOpen || !this.admitSend()) return false;
    if (this.rawSocket === null || frames.bytes === null) this.write(frames);
    else this.held.push(frames.bytes);
    return true;
  }

  /** Writes the frames `holdFrames` kept, if any, in one socket write. */
  flushHeld(): void {
    if (this.held.length === 0) return;
    if (this.rawSocket !== null && this.isOpen) this.writeHeld(this.rawSocket, null);
    this.held.length = 0;
  }

  /**
   * Queues a message that comes with its own websocket frame (`frame`: binary, final, unmasked, as
   * presence-encoding.ts writes them), as `send` does, but writing that frame as it is instead of
   * copying the message behind a new header.
   */
  sendFramed(message: Uint8Array, frame: Uint8Array): void {
    if (!this.isOpen || !this.admitSend()) return;
    this.metrics.bytesOut.inc(message.byteLength);
    if (this.held.length > 0 && this.rawSocket !== null) {
      this.writeHeld(this.rawSocket, frame);
      this.held.length = 0;
      return;
    }
    this.write({ messages: [message], bytes: this.rawSocket ? frame : null });
  }

  /**
   * The held frames, then `last` (if any), in one write: corked, Node hands them to the kernel
   * together (one writev), where each write of its own would be a system call of its own.
   */
  private writeHeld(raw: Duplex, last: Uint8Array | null): void {
    const held = this.held;
    if (held.length === 1 && last === null) {
      raw.write(held[0]!);
      return;
    }
    raw.cork();
    for (const bytes of held) raw.write(bytes);
    if (last !== null) raw.write(last);
    raw.uncork();
  }

  /**
   * Writes the frames as they are in one write, or each message through ws when not framed;
   * `callback` (if any) runs once the last is written or the write failed.
   */
  private write(frames: Frames, callback?: (err?: Error | null) => void): void {
    if (this.rawSocket && frames.bytes !== null) {
      // Without a callback unless the caller waits for the write: a failed write also reaches ws'
      // own error handler on this socket, which drops the connection (as afterSend would), and
      // Node runs a write's callback from a nextTick of its own (plus an object), per socket and
      // broadcast (bench:server heavy: ~15,000 a second).
      if (callback) this.rawSocket.write(frames.bytes, callback);
      else this.rawSocket.write(frames.bytes);
      return;
    }
    const last = frames.messages.length - 1;
    frames.messages.forEach((message, i) =>
      this.socket.send(
        message,
        SEND_OPTIONS,
        i === last ? (callback ?? this.afterSend) : this.afterSend,
      ),
    );
  }

  /** False, and the connection closed, when the client has left too much unread. */
  private admitSend(): boolean {
    if (this.socket.bufferedAmount <= MAX_BUFFERED_BYTES) return true;
    // The client cannot keep up; it will catch up through the sync handshake when it reconnects.
    this.metrics.reject('slow_reader');
    this.close(CloseCode.PolicyViolation, 'Client is not reading fast enough');
    return false;
  }

  private readonly afterSend = (err?: Error | null): void => {
    if (!err) return;
    this.log.debug({ err }, 'send failed; dropping connection');
    this.socket.terminate();
  };

  /** When the last presence probe's ping went out, and whether its pong is still awaited. */
  private probeSentAt = 0;
  private probeTimer: NodeJS.Timeout | null = null;

  /**
   * Checks now whether this connection is still there, instead of at the next heartbeat: a ping,
   * and the socket is dropped if no pong comes back within `timeoutMs`. Used when another
   * connection claims this one's presence: usually the same browser back on a new socket while the
   * server has not noticed its old one died, but also every stock y-websocket client, which sends
   * back the presence it receives. So at most one ping a second, and none while one is out.
   */
  probe(timeoutMs: number): void {
    const now = performance.now();
    if (!this.isOpen || this.probeTimer || now - this.probeSentAt < PROBE_SPACING_MS) return;
    this.probeSentAt = now;
    const onPong = () => {
      clearTimeout(this.probeTimer ?? undefined);
      this.probeTimer = null;
    };
    this.socket.once('pong', onPong);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.socket.off('pong', onPong);
      if (!this.isOpen) return;
      this.log.info('no pong to a presence probe; dropping connection');
      this.socket.terminate();
    }, timeoutMs);
    this.probeTimer.unref();
    this.socket.ping();
  }

  /** Set once a frame broke the protocol; later frames from this connection are ignored. */
  rejected = false;

  /** Closes with an application close code; the reason is shown to the client. */
  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSING || this.socket.readyState === WebSocket.CLOSED)
      return;
    this.log.info({ code, reason }, 'closing connection');
    this.socket.close(code, Buffer.from(reason).subarray(0, MAX_REASON_BYTES).toString());
  }
}
