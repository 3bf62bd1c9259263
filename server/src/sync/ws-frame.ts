/*
 * Websocket frame headers as a server writes them (RFC 6455 §5.2): binary, final, unmasked, no
 * extension bits. Used where the server frames a message itself to write it to many sockets as it
 * is (broadcasts, presence ticks).
 */

/** Length of the header of a frame whose payload is `length` bytes. */
export function headerLength(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

/** Writes the header of a frame with a payload of `length` bytes at `offset`; returns its length. */
export function writeFrameHeader(bytes: Buffer, offset: number, length: number): number {
  const header = headerLength(length);
  bytes[offset] = 0x82; // FIN, binary
  if (header === 2) {
    bytes[offset + 1] = length;
  } else if (header === 4) {
    bytes[offset + 1] = 126;
    bytes.writeUInt16BE(length, offset + 2);
  } else {
    bytes[offset + 1] = 127;
    bytes.writeUInt32BE(Math.floor(length / 2 ** 32), offset + 2);
    bytes.writeUInt32BE(length >>> 0, offset + 6);
  }
  return header;
}
