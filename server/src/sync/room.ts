import { CloseCode, roleAtLeast } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { BoardStore } from '../storage/board-store';
import { Connection } from './connection';
import { STORAGE_ORIGIN } from './origin';
import {
  MessageType,
  SyncMessageType,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol';
import { UpdateLog } from './update-log';

/** A frame that does not follow the protocol; the sender is disconnected with 4400. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export interface RoomOptions {
  store: BoardStore;
  log: FastifyBaseLogger;
  flushIntervalMs: number;
  compactAfterUpdates: number;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** One open board: its authoritative Y.Doc, its awareness and the connections editing it. */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private readonly updateLog: UpdateLog;

  private constructor(
    readonly boardId: string,
    stored: Uint8Array[],
    private readonly options: RoomOptions,
  ) {
    // The server is not a participant; only clients have presence.
    this.awareness.setLocalState(null);
    Y.transact(
      this.doc,
      () => {
        for (const update of stored) Y.applyUpdate(this.doc, update, STORAGE_ORIGIN);
      },
      STORAGE_ORIGIN,
    );
    this.updateLog = new UpdateLog({
      boardId,
      store: options.store,
      log: options.log,
      flushIntervalMs: options.flushIntervalMs,
      compactAfterUpdates: options.compactAfterUpdates,
      storedEntries: stored.length,
      currentState: () => Y.encodeStateAsUpdate(this.doc),
    });
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Loads the board from storage; the room is only handed out (and synced to anyone) once loaded. */
  static async load(boardId: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.loadBoardUpdates(boardId);
    return new Room(boardId, stored, options);
  }

  get hasPendingWrites(): boolean {
    return this.updateLog.hasPending;
  }

  /** Adds a connection and starts the handshake: our state vector, then everyone's presence. */
  addConnection(connection: Connection): void {
    this.connections.add(connection);
    connection.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) connection.send(encodeAwareness(this.awareness, [...states.keys()]));
  }

  /** Removes a connection and the presence it had set (broadcast to the others as a removal). */
  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(
        this.awareness,
        [...connection.awarenessClients],
        null,
      );
    }
  }

  /** Handles one binary frame; a frame that breaks the protocol closes only its sender. */
  receive(connection: Connection, message: Uint8Array): void {
    // A socket the client is closing still delivers its last frames (often a final update): keep them.
    if (!this.connections.has(connection) || connection.rejected) return;
    try {
      this.handleMessage(connection, message);
    } catch (err) {
      connection.log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'malformed message',
      );
      connection.rejected = true;
      connection.close(
        CloseCode.MalformedMessage,
        err instanceof MalformedMessageError ? err.message : 'Malformed message',
      );
    }
  }

  /** Writes every queued update to storage now. */
  flush(): Promise<void> {
    return this.updateLog.flush();
  }

  destroy(): void {
    this.updateLog.dispose();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private handleMessage(connection: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
        this.handleSync(connection, decoder);
        return;
      case MessageType.Awareness: {
        const update = decoding.readVarUint8Array(decoder);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
        return;
      }
      case MessageType.QueryAwareness:
        connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case MessageType.Auth:
        // Permissions flow from server to client only; a client's auth message carries nothing for us.
        return;
      default:
        throw new MalformedMessageError(`Unknown message type ${type}`);
    }
  }

  private handleSync(connection: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case SyncMessageType.Step1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        let reply: Uint8Array;
        try {
          reply = encodeSyncStep2(this.doc, stateVector);
        } catch {
          throw new MalformedMessageError('Invalid state vector');
        }
        connection.send(reply);
        return;
      }
      case SyncMessageType.Step2:
      case SyncMessageType.Update: {
        const update = decoding.readVarUint8Array(decoder);
        if (!roleAtLeast(connection.role, 'editor')) {
          connection.log.debug('dropped a document change from a viewer');
          return;
        }
        try {
          // Yjs decodes the whole update before integrating it, so a corrupt update throws
          // without touching the document.
          Y.applyUpdate(this.doc, update, connection.origin);
        } catch {
          throw new MalformedMessageError('Invalid document update');
        }
        return;
      }
      default:
        throw new MalformedMessageError(`Unknown sync message type ${syncType}`);
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORAGE_ORIGIN) return;
    this.updateLog.enqueue(update);
    const message = encodeUpdate(update);
    for (const connection of this.connections) {
      if (connection.origin !== origin) connection.send(message);
    }
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: AwarenessChange,
    origin: unknown,
  ): void => {
    if (origin instanceof Connection) {
      for (const id of added) origin.awarenessClients.add(id);
      for (const id of removed) origin.awarenessClients.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const message = encodeAwareness(this.awareness, changed);
    for (const connection of this.connections) connection.send(message);
  };
}
