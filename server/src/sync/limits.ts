import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * A token bucket: `take(n)` succeeds while the average stays under `ratePerSecond`, allowing bursts
 * of up to `burst`. Refilled lazily, so an idle connection costs nothing.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(amount = 1): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
    );
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** Counts open connections per key (board id, remote address) against a maximum. */
export class ConnectionCounter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more connection for `key` unless that would exceed the maximum. */
  tryAdd(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  remove(key: string): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count <= 0) this.counts.delete(key);
    else this.counts.set(key, count);
  }
}

/** One client's entry in an awareness update, as y-protocols encodes it. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The JSON of the state; `'null'` removes the client. */
  json: string;
}

/**
 * One entry of an awareness update as read off the wire, its state's JSON still encoded: most
 * entries a server receives are echoes it drops after reading the client id and clock, so their
 * JSON is never decoded.
 */
export interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  /** UTF-8 of the state's JSON (a view into the message, not a copy). */
  jsonBytes: Uint8Array;
}

const textDecoder = new TextDecoder();

/** Reads an awareness update's entries; throws on a truncated or malformed one. */
export function readAwarenessEntries(update: Uint8Array): RawAwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  // Each entry takes at least three bytes; a larger count is a lie that would cost memory.
  if (count > update.byteLength) throw new Error('Awareness entry count beyond the message');
  const entries: RawAwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const length = decoding.readVarUint(decoder);
    if (length > update.byteLength - decoder.pos) throw new Error('Truncated awareness entry');
    entries.push({ clientId, clock, jsonBytes: decoding.readUint8Array(decoder, length) });
  }
  if (decoding.hasContent(decoder)) throw new Error('Trailing bytes after the awareness update');
  return entries;
}

/** Position of `readVarUintAt` in the buffer it last read (one reader at a time: no allocation). */
let scanPos = 0;

/** A varuint at `scanPos` (lib0's encoding, up to 2^53); -1 past the end or when too long. */
function readVarUintAt(bytes: Uint8Array): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (scanPos >= bytes.length) return -1;
    const byte = bytes[scanPos++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
  return -1;
}

/**
 * Whether every entry of an awareness update is `stale` (an echo or an old state), read in place
 * with no allocation: most presence messages a server receives are stock clients' echoes, dropped
 * after reading each entry's client id and clock. False as soon as one entry is not stale, a state
 * is longer than `maxStateBytes`, or the message is malformed: `readAwarenessEntries` then decides.
 */
export function allEntriesStale(
  update: Uint8Array,
  maxStateBytes: number,
  stale: (clientId: number, clock: number, removal: boolean) => boolean,
): boolean {
  scanPos = 0;
  const count = readVarUintAt(update);
  if (count < 0 || count > update.byteLength) return false;
  for (let i = 0; i < count; i++) {
    const clientId = readVarUintAt(update);
    const clock = readVarUintAt(update);
    const length = readVarUintAt(update);
    if (clientId < 0 || clock < 0 || length < 0 || length > maxStateBytes) return false;
    const start = scanPos;
    if (length > update.byteLength - start) return false;
    scanPos += length;
    const removal =
      length === 4 &&
      update[start] === 0x6e &&
      update[start + 1] === 0x75 &&
      update[start + 2] === 0x6c &&
      update[start + 3] === 0x6c;
    if (!stale(clientId, clock, removal)) return false;
  }
  return scanPos === update.byteLength;
}

/** The JSON of a raw entry's state. */
export function entryJson(entry: RawAwarenessEntry): string {
  return textDecoder.decode(entry.jsonBytes);
}

/** True when a raw entry removes its client (its JSON is `null`). */
export function isRemoval(entry: RawAwarenessEntry): boolean {
  const bytes = entry.jsonBytes;
  // "null"
  return (
    bytes.length === 4 &&
    bytes[0] === 0x6e &&
    bytes[1] === 0x75 &&
    bytes[2] === 0x6c &&
    bytes[3] === 0x6c
  );
}

/** Decodes an awareness update into its entries; throws on a truncated or malformed one. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  return readAwarenessEntries(update).map((entry) => ({
    clientId: entry.clientId,
    clock: entry.clock,
    json: entryJson(entry),
  }));
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/** A FIFO limit on concurrent async work: later callers wait in arrival order. */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next in line, so nobody can jump the queue.
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
