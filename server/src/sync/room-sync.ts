import * as decoding from 'lib0/decoding';
import type { Connection } from './connection';
import { MessageType, SyncMessageType } from './protocol';
import { MalformedMessageError } from './room-errors';
import type { RoomPresence } from './room-presence';

/** What a room does with each kind of message of the y-websocket protocol. */
export interface SyncHandlers {
  readonly presence: RoomPresence;
  /** Sync step 1: the client's state vector; the room answers with what the client lacks. */
  answerStateVector(connection: Connection, stateVector: Uint8Array): void;
  /** Sync step 2 or an update: a change to the document. */
  applyUpdate(connection: Connection, update: Uint8Array): void;
}

/**
 * Reads one binary frame of the y-websocket protocol (y-protocols sync and awareness messages)
 * and hands it to the room. Throws MalformedMessageError for a frame that breaks the protocol.
 */
export function handleMessage(
  room: SyncHandlers,
  connection: Connection,
  message: Uint8Array,
): void {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync:
      handleSync(room, connection, decoder);
      return;
    case MessageType.Awareness:
      room.presence.receive(connection, decoding.readVarUint8Array(decoder));
      return;
    case MessageType.QueryAwareness:
      room.presence.answerQuery(connection);
      return;
    case MessageType.Auth:
      // Permissions flow from server to client only; a client's auth message carries nothing for us.
      return;
    default:
      throw new MalformedMessageError(`Unknown message type ${type}`);
  }
}

function handleSync(room: SyncHandlers, connection: Connection, decoder: decoding.Decoder): void {
  const syncType = decoding.readVarUint(decoder);
  switch (syncType) {
    case SyncMessageType.Step1:
      room.answerStateVector(connection, decoding.readVarUint8Array(decoder));
      return;
    case SyncMessageType.Step2:
    case SyncMessageType.Update:
      room.applyUpdate(connection, decoding.readVarUint8Array(decoder));
      return;
    default:
      throw new MalformedMessageError(`Unknown sync message type ${syncType}`);
  }
}
