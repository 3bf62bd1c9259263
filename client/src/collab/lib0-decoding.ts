import * as decoding from 'lib0/decoding';

/*
 * lib0's decoding module as Yjs and y-protocols use it in the browser build (vite.config.ts puts
 * this module in place of `lib0/decoding` for every importer but this one), with one change: short
 * ASCII strings are read in JavaScript instead of with one TextDecoder call each. Applying the
 * server's board reads about fifteen strings per item (field names, ids, types, colours, z keys);
 * in Chromium each TextDecoder call costs ~1 µs, a fifth of the decoding of a large board, where
 * the loop below costs ~0.15 µs. Everything else, and every string that is long, not ASCII, or
 * runs past the end of the buffer, goes through lib0 as before (the same result, the same errors).
 * A short one read before is given the string read then (`recent`), so that the board's repeated
 * strings are kept once instead of once per item.
 */

export * from 'lib0/decoding';

/** Strings up to this many bytes are read in JavaScript when they are ASCII. */
const SHORT = 64;
/** Strings up to this many bytes are looked up in `recent` first. */
const SHARED = 24;
/** Slots of `recent` (a power of two). */
const RECENT_SLOTS = 4096;
/**
 * The last short ASCII string read in each slot (of its length and three of its bytes). A board
 * repeats a few strings on every item (its field names, item types, colours), and Yjs keeps each
 * read as a string of its own: at 50,000 notes 750,000 strings, which the young-generation GC
 * copies (twice) while the board opens. Found here, the one string is shared and none is built.
 */
const recent: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS);

type Decoder = decoding.Decoder;

/** Reads a length-prefixed UTF-8 string, as lib0's `readVarString`. */
export const readVarString = (decoder: Decoder): string => {
  const start = decoder.pos;
  const length = decoding.readVarUint(decoder);
  const { arr, pos } = decoder;
  const end = pos + length;
  if (length <= SHORT && end <= arr.length) {
    if (length === 0) return '';
    // The slot from the length and three of the bytes: a string found there is compared in full.
    const slot =
      (Math.imul(length, 29791) +
        Math.imul(arr[pos]!, 961) +
        Math.imul(arr[pos + (length >> 1)]!, 31) +
        arr[end - 1]!) &
      (RECENT_SLOTS - 1);
    const known = length <= SHARED ? recent[slot] : undefined;
    if (known !== undefined && known.length === length) {
      let i = 0;
      while (i < length && known.charCodeAt(i) === arr[pos + i]) i++;
      if (i === length) {
        decoder.pos = end;
        return known;
      }
    }
    let text = '';
    let i = pos;
    for (; i < end; i++) {
      const byte = arr[i]!;
      if (byte > 0x7f) break;
      text += String.fromCharCode(byte);
    }
    if (i === end) {
      decoder.pos = end;
      if (length <= SHARED) recent[slot] = text;
      return text;
    }
  }
  decoder.pos = start;
  return decoding.readVarString(decoder);
};

/** Reads a string without moving on, as lib0's `peekVarString`. */
export const peekVarString = (decoder: Decoder): string => {
  const pos = decoder.pos;
  const text = readVarString(decoder);
  decoder.pos = pos;
  return text;
};

/** lib0's `readAny` (its lookup table holds lib0's own string reader), with the reader above. */
const anyReaders: ((decoder: Decoder) => unknown)[] = [
  () => undefined, // 127: undefined
  () => null, // 126: null
  decoding.readVarInt, // 125: integer
  decoding.readFloat32, // 124: float32
  decoding.readFloat64, // 123: float64
  decoding.readBigInt64, // 122: bigint
  () => false, // 121: false
  () => true, // 120: true
  readVarString, // 119: string
  (decoder) => {
    // 118: object
    const length = decoding.readVarUint(decoder);
    const object: Record<string, unknown> = {};
    for (let i = 0; i < length; i++) {
      const key = readVarString(decoder);
      object[key] = readAny(decoder);
    }
    return object;
  },
  (decoder) => {
    // 117: array
    const length = decoding.readVarUint(decoder);
    const array: unknown[] = [];
    for (let i = 0; i < length; i++) array.push(readAny(decoder));
    return array;
  },
  decoding.readVarUint8Array, // 116: Uint8Array
];

/** Reads one value of lib0's `writeAny` encoding, as lib0's `readAny`. */
export const readAny = (decoder: Decoder): unknown =>
  (anyReaders[127 - decoding.readUint8(decoder)] as (decoder: Decoder) => unknown)(decoder);
