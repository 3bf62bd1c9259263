/*
 * The awareness bytes a bench:people person sends and reads, at the y-protocols wire level: the
 * generator never decodes a state's JSON, so it stays cheaper than the servers it measures. Each
 * message it sends is written in one allocation (a thousand people echo twenty messages a second
 * each). people-selfcheck.ts checks `echoMessage` against a real y-websocket provider.
 */

/** y-websocket's top-level awareness message type. */
const MSG_AWARENESS = 1;

function varUintLength(n: number): number {
  let length = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    length += 1;
  }
  return length;
}

function writeVarUint(target: Uint8Array, pos: number, n: number): number {
  while (n > 0x7f) {
    target[pos++] = 0x80 | (n & 0x7f);
    n = Math.floor(n / 128);
  }
  target[pos++] = n;
  return pos;
}

/** Where `readVarUint` reads next, and where its bytes end (one reader at a time, no allocation). */
let pos = 0;
let limit = 0;

function readVarUint(bytes: Uint8Array): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= limit) throw new Error('truncated awareness message');
    const byte = bytes[pos++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
}

/**
 * One awareness message holding one entry, as a provider sends its own presence: `prefix` (the
 * Hocuspocus document name, empty for y-websocket), the awareness type, then the update
 * (y-protocols `encodeAwarenessUpdate` layout) as a byte array.
 */
export function ownPresenceMessage(
  prefix: Uint8Array,
  clientId: number,
  clock: number,
  json: string,
): Buffer {
  const jsonBytes = Buffer.byteLength(json);
  const update =
    1 + varUintLength(clientId) + varUintLength(clock) + varUintLength(jsonBytes) + jsonBytes;
  const message = Buffer.allocUnsafe(prefix.length + 1 + varUintLength(update) + update);
  message.set(prefix, 0);
  let at = prefix.length;
  message[at++] = MSG_AWARENESS;
  at = writeVarUint(message, at, update);
  message[at++] = 1;
  at = writeVarUint(message, at, clientId);
  at = writeVarUint(message, at, clock);
  at = writeVarUint(message, at, jsonBytes);
  message.write(json, at, 'utf8');
  return message;
}

/** Runs [start, end) of advanced entries in the message being walked, reused by every walk. */
let runs = new Int32Array(512);

/**
 * Walks the encoded awareness update `frame[start, end)` (y-protocols `encodeAwarenessUpdate`
 * bytes). `visit` sees each entry and says whether it advanced what the receiver knew (a new
 * client, or a newer clock). With `echo`, returns what y-websocket's `WebsocketProvider` sends back
 * after applying such a message: one y-websocket awareness message whose update holds exactly the
 * advanced entries, in order (its awareness 'update' handler re-encodes the changed clients
 * whatever the origin), or null when nothing advanced.
 */
export function echoMessage(
  frame: Uint8Array,
  start: number,
  end: number,
  visit: (clientId: number, clock: number) => boolean,
  echo: boolean,
): Buffer | null {
  pos = start;
  limit = end;
  const count = readVarUint(frame);
  let advanced = 0;
  let bytes = 0;
  /** Runs of adjacent advanced entries (usually one: everything in the message advanced). */
  let run = -1;
  for (let e = 0; e < count; e++) {
    const entryStart = pos;
    const clientId = readVarUint(frame);
    const clock = readVarUint(frame);
    // The state (JSON) is skipped, not decoded: the generator must stay cheaper than the servers.
    const length = readVarUint(frame);
    pos += length;
    if (pos > end) throw new Error('truncated awareness message');
    if (!visit(clientId, clock) || !echo) continue;
    advanced += 1;
    bytes += pos - entryStart;
    if (run >= 0 && runs[2 * run + 1] === entryStart) {
      runs[2 * run + 1] = pos;
      continue;
    }
    run += 1;
    if (runs.length < 2 * (run + 1)) {
      const grown = new Int32Array(runs.length * 2);
      grown.set(runs);
      runs = grown;
    }
    runs[2 * run] = entryStart;
    runs[2 * run + 1] = pos;
  }
  if (advanced === 0) return null;
  const update = varUintLength(advanced) + bytes;
  const message = Buffer.allocUnsafe(1 + varUintLength(update) + update);
  message[0] = MSG_AWARENESS;
  let at = writeVarUint(message, 1, update);
  at = writeVarUint(message, at, advanced);
  for (let r = 0; r <= run; r++) {
    const from = runs[2 * r]!;
    const to = runs[2 * r + 1]!;
    message.set(frame.subarray(from, to), at);
    at += to - from;
  }
  return message;
}

/** The awareness update (y-protocols bytes) inside a y-websocket awareness message. */
export function awarenessUpdateOf(message: Uint8Array): Uint8Array {
  pos = 0;
  limit = message.length;
  if (readVarUint(message) !== MSG_AWARENESS) throw new Error('not an awareness message');
  const length = readVarUint(message);
  return message.subarray(pos, pos + length);
}
