import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

/*
 * Minimal, allocation-light protocol clients for the load generator. Each one speaks its server's
 * own wire protocol:
 *  - `y-websocket`: y-protocols messages straight on the socket (WeBoard and @y/websocket-server);
 *  - `hocuspocus`: the same y-protocols payloads, each frame prefixed with the document name, plus
 *    Hocuspocus' auth handshake (what @hocuspocus/provider sends: Auth token, then SyncStep1).
 * Writers (and the seeding client) hold a Y.Doc so their updates are real Yjs updates; pure
 * receivers hold none and only search incoming frames for markers (see marker.ts).
 */

export type Protocol = 'y-websocket' | 'hocuspocus';

/** y-protocols top-level message types (y-websocket). */
const MSG_SYNC = 0;
const MSG_AWARENESS = 1;
const MSG_AUTH = 2;
/** Hocuspocus-only top-level message types. */
const HP_SYNC_REPLY = 4;
const HP_CLOSE = 7;
const HP_SYNC_STATUS = 8;
const HP_PING = 9;
const HP_PONG = 10;
/** y-protocols sync sub-types. */
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

export const REMOTE = Symbol('remote');

export interface RoomRef {
  /** Full websocket URL this room's clients connect to. */
  url: string;
  /** Document name (the Hocuspocus message address; informative for the others). */
  docName: string;
}

export interface ClientOptions {
  room: RoomRef;
  protocol: Protocol;
  /** Writers and seeders keep a document; receivers pass none. */
  doc?: Y.Doc;
  /**
   * Whether the server's sync step 2 (the board) is applied to `doc` (default true). Writers of the
   * load test skip it: they only drag an item they created themselves, and not holding a copy of
   * the whole board each keeps the generator's heap (and GC pauses) small. Their updates are the
   * same on the wire either way.
   */
  applyBoard?: boolean;
  /** Called with every frame received after the handshake (and the sync step 2 itself). */
  onFrame?: (frame: Buffer) => void;
  /** Called when the socket closes unexpectedly. */
  onDrop?: (code: number, reason: string) => void;
  /** Called once the socket is open and the sync step 1 is sent (a provider sends its presence here). */
  onOpen?: () => void;
  /**
   * Called with every awareness message: `frame[start, end)` is the encoded awareness update
   * (y-protocols' `encodeAwarenessUpdate` bytes), not copied.
   */
  onAwareness?: (frame: Buffer, start: number, end: number) => void;
  connectTimeoutMs?: number;
}

export class BenchClient {
  private ws: WebSocket | null = null;
  private readonly prefix: Uint8Array;
  private syncedResolve: (() => void) | null = null;
  private barrierWaiters: Array<() => void> = [];
  private closing = false;
  /** performance.now() when the first sync step 2 (the whole board) arrived. */
  syncedAt: number | null = null;
  /** When the server's own sync step 1 arrived: it has the board decoded and takes edits. */
  serverStep1At: number | null = null;
  /** The first sync step 2 payload (the board state the server sent), kept only if asked. */
  firstStep2: Uint8Array | null = null;
  keepFirstStep2 = false;
  framesIn = 0;
  bytesIn = 0;
  bytesOut = 0;
  /** Close code when the socket closed (unexpectedly or not), else null. */
  closeCode: number | null = null;

  constructor(private readonly options: ClientOptions) {
    const enc = encoding.createEncoder();
    if (options.protocol === 'hocuspocus') encoding.writeVarString(enc, options.room.docName);
    this.prefix = encoding.toUint8Array(enc);
  }

  get doc(): Y.Doc | undefined {
    return this.options.doc;
  }

  /** Opens the socket and resolves once the server's sync step 2 (the board) has arrived. */
  connect(): Promise<void> {
    const { room, connectTimeoutMs = 30_000 } = this.options;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no sync within ${connectTimeoutMs} ms (${room.docName})`));
        this.close();
      }, connectTimeoutMs);
      this.syncedResolve = () => {
        clearTimeout(timer);
        resolve();
      };
      const ws = new WebSocket(room.url, { perMessageDeflate: false });
      this.ws = ws;
      ws.binaryType = 'nodebuffer';
      ws.on('open', () => this.onOpen());
      ws.on('message', (data: Buffer) => this.onMessage(data));
      ws.on('error', (err) => {
        if (this.syncedResolve) {
          clearTimeout(timer);
          this.syncedResolve = null;
          reject(err);
        }
      });
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        const why = reason.toString();
        if (this.syncedResolve) {
          clearTimeout(timer);
          this.syncedResolve = null;
          reject(new Error(`closed before sync: ${code} ${why}`));
        } else if (!this.closing) {
          this.options.onDrop?.(code, why);
        }
        for (const waiter of this.barrierWaiters.splice(0)) waiter();
      });
    });
  }

  private onOpen(): void {
    if (this.options.protocol === 'hocuspocus') {
      // What HocuspocusProvider sends first: Auth(token, providerVersion).
      const enc = this.header(MSG_AUTH);
      encoding.writeVarUint(enc, 0); // AuthMessageType.Token
      encoding.writeVarString(enc, 'bench');
      encoding.writeVarString(enc, '4.7.0');
      this.send(encoding.toUint8Array(enc));
    }
    this.sendStep1();
    this.options.onOpen?.();
  }

  private header(type: number): encoding.Encoder {
    const enc = encoding.createEncoder();
    encoding.writeUint8Array(enc, this.prefix);
    encoding.writeVarUint(enc, type);
    return enc;
  }

  private send(message: Uint8Array): void {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.bytesOut += message.byteLength;
      this.ws.send(message);
    }
  }

  /**
   * Sends a whole message as it is: `prefix` (the Hocuspocus document name, empty for y-websocket)
   * and the y-protocols message, built by the caller in one piece (see people-wire.ts).
   */
  sendMessage(message: Uint8Array): void {
    this.send(message);
  }

  /** What every message of this client starts with: the document name (Hocuspocus) or nothing. */
  get messagePrefix(): Uint8Array {
    return this.prefix;
  }

  /** Sends an encoded awareness update (y-protocols `encodeAwarenessUpdate` bytes). */
  sendAwareness(update: Uint8Array): void {
    const enc = this.header(MSG_AWARENESS);
    encoding.writeVarUint8Array(enc, update);
    this.send(encoding.toUint8Array(enc));
  }

  /** Whether the socket is open (not yet closed by either side). */
  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  private sendStep1(): void {
    const enc = this.header(MSG_SYNC);
    encoding.writeVarUint(enc, SYNC_STEP1);
    const doc = this.options.doc;
    encoding.writeVarUint8Array(enc, doc ? Y.encodeStateVector(doc) : EMPTY_STATE_VECTOR);
    this.send(encoding.toUint8Array(enc));
  }

  /** Sends one Yjs update as a sync Update message. */
  sendUpdate(update: Uint8Array): void {
    const enc = this.header(MSG_SYNC);
    encoding.writeVarUint(enc, SYNC_UPDATE);
    encoding.writeVarUint8Array(enc, update);
    this.send(encoding.toUint8Array(enc));
  }

  /** Bytes the socket has queued but not yet written (client-side backpressure). */
  get bufferedAmount(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  /**
   * Round trip through the server: sends SyncStep1 and waits for the answering step 2. Servers
   * handle one connection's frames in order, so everything sent before has been applied by then.
   */
  barrier(timeoutMs = 60_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('barrier timed out')), timeoutMs);
      this.barrierWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.sendStep1();
    });
  }

  private onMessage(frame: Buffer): void {
    this.framesIn++;
    this.bytesIn += frame.length;
    const decoder = decoding.createDecoder(frame);
    if (this.options.protocol === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MSG_SYNC:
      case HP_SYNC_REPLY: {
        const sub = decoding.readVarUint(decoder);
        if (sub === SYNC_STEP1) {
          this.serverStep1At ??= performance.now();
          const sv = decoding.readVarUint8Array(decoder);
          const doc = this.options.doc;
          const enc = this.header(MSG_SYNC);
          encoding.writeVarUint(enc, SYNC_STEP2);
          encoding.writeVarUint8Array(enc, doc ? Y.encodeStateAsUpdate(doc, sv) : EMPTY_UPDATE);
          this.send(encoding.toUint8Array(enc));
        } else if (sub === SYNC_STEP2) {
          const update = decoding.readVarUint8Array(decoder);
          if (this.options.doc && this.options.applyBoard !== false)
            Y.applyUpdate(this.options.doc, update, REMOTE);
          if (this.syncedResolve) {
            this.syncedAt = performance.now();
            if (this.keepFirstStep2) this.firstStep2 = update.slice();
            const done = this.syncedResolve;
            this.syncedResolve = null;
            done();
          }
          const waiter = this.barrierWaiters.shift();
          if (waiter) waiter();
          this.options.onFrame?.(frame);
        } else if (sub === SYNC_UPDATE) {
          // Receivers only look for markers; applying every update is not what is measured.
          this.options.onFrame?.(frame);
        }
        break;
      }
      case MSG_AWARENESS: {
        if (this.options.onAwareness) {
          const length = decoding.readVarUint(decoder);
          this.options.onAwareness(frame, decoder.pos, decoder.pos + length);
        }
        break;
      }
      case HP_SYNC_STATUS:
        break;
      case MSG_AUTH: {
        if (this.options.protocol === 'hocuspocus') {
          const authType = decoding.readVarUint(decoder);
          if (authType === 1) this.fail(`permission denied: ${decoding.readVarString(decoder)}`);
        } else {
          this.fail('permission denied');
        }
        break;
      }
      case HP_CLOSE:
        if (this.options.protocol === 'hocuspocus') this.fail('server closed the document');
        break;
      case HP_PING:
        if (this.options.protocol === 'hocuspocus')
          this.send(encoding.toUint8Array(this.header(HP_PONG)));
        break;
      default:
        break;
    }
  }

  private fail(reason: string): void {
    this.ws?.close(4000, reason.slice(0, 100));
  }

  close(): void {
    this.closing = true;
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  }

  /** Resolves when the socket is closed (terminating it after `ms`). */
  closed(ms = 2000): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, ms);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Connects many clients with bounded concurrency; rejects on the first failure. */
export async function connectAll(clients: BenchClient[], concurrency = 32): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < clients.length) {
      const client = clients[next++]!;
      await client.connect();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, worker));
}
