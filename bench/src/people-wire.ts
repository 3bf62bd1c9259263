import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/*
 * The awareness bytes a bench:people person sends and reads, at the y-protocols wire level: the
 * generator never decodes a state's JSON, so it stays cheaper than the servers it measures.
 * people-selfcheck.ts checks `walkAwareness` against a real y-websocket provider.
 */

/** One awareness update holding one entry (y-protocols `encodeAwarenessUpdate` layout). */
export function encodeEntry(clientId: number, clock: number, json: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 1);
  encoding.writeVarUint(enc, clientId);
  encoding.writeVarUint(enc, clock);
  encoding.writeVarString(enc, json);
  return encoding.toUint8Array(enc);
}

/**
 * Walks an encoded awareness update (y-protocols `encodeAwarenessUpdate` bytes). `visit` sees each
 * entry and says whether it advanced what the receiver knew (a new client, or a newer clock).
 * With `echo`, returns what y-websocket's `WebsocketProvider` sends back after applying such a
 * message: one awareness update holding exactly the advanced entries (its awareness 'update'
 * handler re-encodes the changed clients whatever the origin), or null when nothing advanced.
 */
export function walkAwareness(
  payload: Uint8Array,
  visit: (clientId: number, clock: number) => boolean,
  echo: boolean,
): Uint8Array | null {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  let advanced: Uint8Array[] | null = null;
  for (let e = 0; e < count; e++) {
    const entryStart = decoder.pos;
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // The state (JSON) is skipped, not decoded: the generator must stay cheaper than the servers.
    const length = decoding.readVarUint(decoder);
    decoder.pos += length;
    if (visit(clientId, clock) && echo)
      (advanced ??= []).push(payload.subarray(entryStart, decoder.pos));
  }
  if (!advanced) return null;
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, advanced.length);
  for (const entry of advanced) encoding.writeUint8Array(enc, entry);
  return encoding.toUint8Array(enc);
}
