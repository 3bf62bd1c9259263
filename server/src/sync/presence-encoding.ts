import { MessageType } from './protocol';
import { headerLength, writeFrameHeader } from './ws-frame';

/*
 * The presence fan-out writes its messages byte by byte: one entry per person change, one message
 * per person per tick, each in a single allocation (lib0's encoder grows buffers as it goes, which
 * costs more at 500 people × 20 ticks a second). The bytes are what y-protocols' awareness
 * encoding produces; the presence tests decode them as any client would.
 */

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

const textEncoder = new TextEncoder();

/**
 * One awareness entry as y-protocols encodes it: client id, clock, state JSON (a varString), the
 * JSON given as text or as its UTF-8 bytes (as a client sent it, which spares encoding it again).
 */
export function encodeEntry(
  clientId: number,
  clock: number,
  json: string | Uint8Array,
): Uint8Array {
  const text = typeof json === 'string' ? textEncoder.encode(json) : json;
  const entry = new Uint8Array(
    varUintLength(clientId) + varUintLength(clock) + varUintLength(text.length) + text.length,
  );
  let pos = writeVarUint(entry, 0, clientId);
  pos = writeVarUint(entry, pos, clock);
  pos = writeVarUint(entry, pos, text.length);
  entry.set(text, pos);
  return entry;
}

/**
 * One awareness message (y-websocket framing: type, then the update as a byte array) holding
 * `entries`, `bytes` long together, already in its websocket frame (binary, final, unmasked, as a
 * server sends it): written in one allocation, as one goes to every person per tick, and handed to
 * the socket as it is. `message` is the frame's payload (the same memory).
 */
export function encodeMessage(
  entries: readonly Uint8Array[],
  bytes: number,
): { message: Uint8Array; frame: Uint8Array } {
  const payload = varUintLength(entries.length) + bytes;
  const length = 1 + varUintLength(payload) + payload;
  // Not zero-filled (every byte is written below), and small ones come from Node's buffer pool.
  const frame = Buffer.allocUnsafe(headerLength(length) + length);
  const header = writeFrameHeader(frame, 0, length);
  let pos = writeVarUint(frame, header, MessageType.Awareness);
  pos = writeVarUint(frame, pos, payload);
  pos = writeVarUint(frame, pos, entries.length);
  for (const entry of entries) {
    frame.set(entry, pos);
    pos += entry.byteLength;
  }
  return { message: frame.subarray(header), frame };
}
