import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/*
 * Whether a Yjs update (format v1, as y-protocols sends it) holds anything `doc` lacks, read from
 * the update's bytes without decoding its content. A stock client answers our sync step 1 with
 * everything it has beyond the state vector in it, so changes it made right after its first sync
 * reach us twice (once as updates, once in that answer); Yjs would decode the second copy in full
 * (a 100,000-note board: seconds of this process's only thread) to find nothing new in it.
 * Anything this reader does not recognise counts as new, and the update goes the usual way.
 */

/** Bits of a struct's info byte (Yjs `binary.BIT6/7/8`, `BITS5`). */
const HAS_PARENT_SUB = 0x20;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_ORIGIN = 0x80;
const CONTENT_REF = 0x1f;

/** Struct and content refs (Yjs `contentRefs`; 0 is a GC struct, 10 a skip). */
const Ref = {
  GC: 0,
  Deleted: 1,
  JSON: 2,
  Binary: 3,
  String: 4,
  Embed: 5,
  Format: 6,
  Type: 7,
  Any: 8,
  Doc: 9,
  Skip: 10,
} as const;

/** Type refs whose content carries a key (YXmlElement, YXmlHook); the others carry nothing. */
const XML_ELEMENT = 3;
const XML_HOOK = 5;
const LAST_TYPE_REF = 6;

class Unknown extends Error {}

function skipVarUint(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
}

function skip(decoder: decoding.Decoder, bytes: number): void {
  if (decoder.pos + bytes > decoder.arr.length) throw new Unknown('past the end');
  decoder.pos += bytes;
}

function skipVarString(decoder: decoding.Decoder): void {
  skip(decoder, decoding.readVarUint(decoder));
}

/** Skips one lib0 `any` value (lib0 `readAny`). */
function skipAny(decoder: decoding.Decoder): void {
  const tag = decoding.readUint8(decoder);
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125: // varint
      decoding.readVarInt(decoder);
      return;
    case 124: // float32
      skip(decoder, 4);
      return;
    case 123: // float64
    case 122: // bigint64
      skip(decoder, 8);
      return;
    case 119: // string
    case 116: // Uint8Array
      skipVarString(decoder);
      return;
    case 118: {
      // object
      const entries = decoding.readVarUint(decoder);
      for (let i = 0; i < entries; i++) {
        skipVarString(decoder);
        skipAny(decoder);
      }
      return;
    }
    case 117: {
      // array
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) skipAny(decoder);
      return;
    }
    default:
      throw new Unknown(`any tag ${tag}`);
  }
}

/** Skips an item's content and returns its length in clock ticks (Yjs `getLength`). */
function skipContent(decoder: decoding.Decoder, ref: number): number {
  switch (ref) {
    case Ref.Deleted:
      return decoding.readVarUint(decoder);
    case Ref.JSON: {
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) skipVarString(decoder);
      return length;
    }
    case Ref.Binary:
    case Ref.Embed:
      skipVarString(decoder);
      return 1;
    case Ref.String:
      // A string's length is counted in UTF-16 units: decode it as Yjs does.
      return decoding.readVarString(decoder).length;
    case Ref.Format:
      skipVarString(decoder);
      skipVarString(decoder);
      return 1;
    case Ref.Type: {
      const typeRef = decoding.readVarUint(decoder);
      if (typeRef > LAST_TYPE_REF) throw new Unknown(`type ref ${typeRef}`);
      if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) skipVarString(decoder);
      return 1;
    }
    case Ref.Any: {
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) skipAny(decoder);
      return length;
    }
    case Ref.Doc:
      skipVarString(decoder);
      skipAny(decoder);
      return 1;
    default:
      throw new Unknown(`content ref ${ref}`);
  }
}

/** Whether every struct of the update section at `decoder` is in `doc` already. */
function structsKnown(decoder: decoding.Decoder, doc: Y.Doc): boolean {
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    const state = Y.getState(doc.store, client);
    for (let i = 0; i < structs; i++) {
      // Updates are mostly new: the first struct past what the document holds answers.
      if (clock >= state) return false;
      const info = decoding.readUint8(decoder);
      const ref = info & CONTENT_REF;
      if (ref === Ref.GC || ref === Ref.Skip) {
        clock += decoding.readVarUint(decoder);
        continue;
      }
      if (info & HAS_ORIGIN) {
        skipVarUint(decoder);
        skipVarUint(decoder);
      }
      if (info & HAS_RIGHT_ORIGIN) {
        skipVarUint(decoder);
        skipVarUint(decoder);
      }
      if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
        // Parent: a root type's name, or the id of the item that holds the type.
        if (decoding.readVarUint(decoder) === 1) skipVarString(decoder);
        else {
          skipVarUint(decoder);
          skipVarUint(decoder);
        }
        if (info & HAS_PARENT_SUB) skipVarString(decoder);
      }
      clock += skipContent(decoder, ref);
    }
    if (clock > state) return false;
  }
  return true;
}

/** Whether every deletion in the delete set at `decoder` is done in `doc` already. */
function deletionsDone(decoder: decoding.Decoder, doc: Y.Doc): boolean {
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const client = decoding.readVarUint(decoder);
    const ranges = decoding.readVarUint(decoder);
    const structs = doc.store.clients.get(client);
    for (let r = 0; r < ranges; r++) {
      const clock = decoding.readVarUint(decoder);
      const end = clock + decoding.readVarUint(decoder);
      if (!structs || end > Y.getState(doc.store, client)) return false;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= end) break;
        if (!struct.deleted) return false;
      }
    }
  }
  return true;
}

/**
 * True when applying `update` (Yjs format v1) to `doc` would change nothing: every struct in it is
 * in `doc` and every deletion in it done. False when it may hold something new, or when it is
 * malformed or of a kind this reader does not know (applying it then tells).
 */
export function updateAddsNothing(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(update);
    return (
      structsKnown(decoder, doc) && deletionsDone(decoder, doc) && decoder.pos === update.length
    );
  } catch {
    return false;
  }
}
