import { createHash, randomBytes } from 'node:crypto';
import { isRole } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Metrics } from '../observability/metrics';
import { holderSelectorValidator } from '../sync/holders';
import type { HolderSelector } from '../sync/holders';
import { decodeAwarenessEntries } from '../sync/limits';
import { RELAY_ORIGIN } from '../sync/origin';
import { PRESENCE_TICK_MS } from '../sync/presence-fanout';

/** Kinds of message instances exchange on a board's channel. */
const RelayKind = {
  /** A document update some instance applied. */
  Update: 0,
  /** A presence update of some instance's clients. */
  Awareness: 1,
  /**
   * "Here is my state vector (and a digest of my deletions)": anyone holding more, or holding
   * other deletions, answers with a `SyncReply` to the sender.
   */
  SyncRequest: 2,
  /** What the target instance was missing, for its state vector. */
  SyncReply: 3,
  /**
   * "Close your connections of this role on the board" (a link was rotated); sent by instances
   * before personal grants existed, still understood during a rolling upgrade.
   */
  Disconnect: 4,
  /** "Close your connections this selector picks" (JSON {@link HolderSelector}): a power taken back. */
  DisconnectHolders: 5,
} as const;

/** How often each open board compares state vectors with the other instances (pub/sub may drop messages). */
const ANTI_ENTROPY_INTERVAL_MS = 5000;

const CHANNEL_PREFIX = 'weboard:board:';

/** A board's relay while it is open on this instance. */
export interface RelayedBoard {
  /** Stops relaying the board (unsubscribes). */
  detach(): Promise<void>;
}

/** Relays boards between instances; attached to each board while it is open. */
export interface BoardRelay {
  /**
   * Starts relaying a loaded board: every local change of `doc` and `awareness` is published, and
   * what other instances publish is applied with `RELAY_ORIGIN`. Asks the others for what this
   * instance is missing (catch-up) and answers their requests.
   */
  attach(
    boardId: string,
    doc: Y.Doc,
    awareness: awarenessProtocol.Awareness,
  ): Promise<RelayedBoard>;
  close(): Promise<void>;
}

interface Attached {
  boardId: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  timer: NodeJS.Timeout;
  /** Presence client ids other instances announced (not ours to re-announce). */
  remoteClients: Set<number>;
  detach: () => void;
}

/**
 * A digest of everything deleted in `doc`, equal on two instances that saw the same deletions.
 * Deleting does not advance a state vector, so a lost deletion would go unnoticed by comparing
 * state vectors alone. The delete set is compared by client id and clock ranges, not as encoded
 * bytes: the encoding follows each instance's own struct-store order.
 */
export function deletionsDigest(doc: Y.Doc): string {
  const deleteSet = Y.createDeleteSetFromStructStore(doc.store);
  const hash = createHash('sha1');
  for (const client of [...deleteSet.clients.keys()].sort((a, b) => a - b)) {
    hash.update(`${client}:`);
    for (const range of deleteSet.clients.get(client)!) hash.update(`${range.clock}+${range.len},`);
  }
  return hash.digest('base64url');
}

/** True when state vector `ours` has a clock ahead of `theirs` for some client. */
function isAhead(ours: Map<number, number>, theirs: Map<number, number>): boolean {
  for (const [client, clock] of ours) if (clock > (theirs.get(client) ?? 0)) return true;
  return false;
}

export interface RedisRelayOptions {
  url: string;
  log: FastifyBaseLogger;
  metrics: Metrics;
  /** How often open boards are compared with the other instances (default 5 s). */
  antiEntropyIntervalMs?: number;
  /** Another instance asked everyone to close some connections on a board open here. */
  onDisconnect?: (
    boardId: string,
    selector: HolderSelector,
    code: number,
    reason: string,
    before: Uint8Array | undefined,
  ) => void;
}

/**
 * `BoardRelay` over Redis pub/sub: one channel per board. Every message carries the publishing
 * instance's id, so an instance ignores its own messages (nothing echoes); catch-up by state-vector
 * exchange on attach and every few seconds makes up for messages pub/sub lost.
 */
export class RedisRelay implements BoardRelay {
  readonly instanceId = randomBytes(8).toString('base64url');
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly boards = new Map<string, Attached>();
  private readonly log: FastifyBaseLogger;
  private readonly metrics: Metrics;
  private readonly antiEntropyIntervalMs: number;
  private readonly onDisconnect: RedisRelayOptions['onDisconnect'];

  constructor(options: RedisRelayOptions) {
    this.onDisconnect = options.onDisconnect;
    this.antiEntropyIntervalMs = options.antiEntropyIntervalMs ?? ANTI_ENTROPY_INTERVAL_MS;
    this.log = options.log.child({ instanceId: this.instanceId });
    this.metrics = options.metrics;
    this.publisher = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: null });
    this.subscriber = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: null });
    // ioredis reconnects by itself; errors are logged, not thrown (the next catch-up repairs gaps).
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (err: Error) => this.log.warn({ err: err.message }, 'redis error'));
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const board = this.boards.get(channel.toString().slice(CHANNEL_PREFIX.length));
      if (!board) return;
      try {
        this.receive(board, message);
      } catch (err) {
        this.log.warn({ err, boardId: board.boardId }, 'ignored a malformed relay message');
      }
    });
    // After a reconnect some messages may be lost: ask for everything missed.
    this.subscriber.on('ready', () => {
      for (const board of this.boards.values()) this.requestSync(board, true);
    });
  }

  async attach(
    boardId: string,
    doc: Y.Doc,
    awareness: awarenessProtocol.Awareness,
  ): Promise<RelayedBoard> {
    const remoteClients = new Set<number>();
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === RELAY_ORIGIN || (origin as { kind?: string } | null)?.kind === 'storage')
        return;
      this.publish(boardId, RelayKind.Update, (encoder) =>
        encoding.writeVarUint8Array(encoder, update),
      );
    };
    // Presence crosses instances in ticks, like it goes to clients: one message per tick holding
    // the newest state of everyone who changed, however many updates they sent meanwhile.
    const pendingPresence = new Set<number>();
    let presenceTimer: NodeJS.Timeout | null = null;
    const flushPresence = () => {
      presenceTimer = null;
      const changed = [...pendingPresence].filter((clientId) => awareness.meta.has(clientId));
      pendingPresence.clear();
      if (changed.length === 0) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
      this.publish(boardId, RelayKind.Awareness, (encoder) =>
        encoding.writeVarUint8Array(encoder, update),
      );
    };
    const onAwareness = (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      // Remote states and the server's own timeouts are not ours to announce.
      if (origin === RELAY_ORIGIN || origin === 'timeout') return;
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      for (const clientId of changed) {
        // A client that moved here from another instance is ours now.
        remoteClients.delete(clientId);
        pendingPresence.add(clientId);
      }
      presenceTimer ??= setTimeout(flushPresence, PRESENCE_TICK_MS);
    };
    doc.on('update', onUpdate);
    awareness.on('update', onAwareness);
    const board: Attached = {
      boardId,
      doc,
      awareness,
      timer: setInterval(() => this.requestSync(board, false), this.antiEntropyIntervalMs),
      remoteClients,
      detach: () => {
        doc.off('update', onUpdate);
        awareness.off('update', onAwareness);
        if (presenceTimer) clearTimeout(presenceTimer);
        presenceTimer = null;
      },
    };
    board.timer.unref();
    this.boards.set(boardId, board);
    await this.subscriber.subscribe(CHANNEL_PREFIX + boardId);
    this.requestSync(board, true);
    return {
      detach: async () => {
        if (this.boards.get(boardId) !== board) return;
        this.boards.delete(boardId);
        clearInterval(board.timer);
        board.detach();
        await this.subscriber.unsubscribe(CHANNEL_PREFIX + boardId).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    for (const board of this.boards.values()) {
      clearInterval(board.timer);
      board.detach();
    }
    this.boards.clear();
    await Promise.all(
      [this.publisher, this.subscriber].map((connection) =>
        connection.quit().catch(() => connection.disconnect()),
      ),
    );
  }

  /**
   * Asks the other instances to close their connections the selector picks on the board (only
   * instances with the board open are subscribed, and only they can have such connections).
   */
  disconnectEverywhere(
    boardId: string,
    selector: HolderSelector,
    code: number,
    reason: string,
    before?: Uint8Array,
  ): void {
    this.publish(boardId, RelayKind.DisconnectHolders, (encoder) => {
      encoding.writeVarString(encoder, JSON.stringify(selector));
      encoding.writeVarUint(encoder, code);
      encoding.writeVarString(encoder, reason);
      if (before) encoding.writeVarUint8Array(encoder, before);
    });
  }

  /** Publishes our state vector; `withPresence` also asks the others to re-announce their clients. */
  private requestSync(board: Attached, withPresence: boolean): void {
    const stateVector = Y.encodeStateVector(board.doc);
    const deletions = deletionsDigest(board.doc);
    this.publish(board.boardId, RelayKind.SyncRequest, (encoder) => {
      encoding.writeVarUint8Array(encoder, stateVector);
      encoding.writeVarUint(encoder, withPresence ? 1 : 0);
      encoding.writeVarString(encoder, deletions);
    });
  }

  private publish(
    boardId: string,
    kind: number,
    writeBody: (encoder: encoding.Encoder) => void,
  ): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.instanceId);
    encoding.writeVarUint(encoder, kind);
    writeBody(encoder);
    this.metrics.relayMessages.inc({ direction: 'out' });
    this.publisher
      .publish(CHANNEL_PREFIX + boardId, Buffer.from(encoding.toUint8Array(encoder)))
      .catch((err: unknown) => this.log.warn({ err, boardId }, 'publishing to redis failed'));
  }

  private receive(board: Attached, message: Buffer): void {
    const decoder = decoding.createDecoder(
      new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
    );
    const sender = decoding.readVarString(decoder);
    if (sender === this.instanceId) return;
    this.metrics.relayMessages.inc({ direction: 'in' });
    const kind = decoding.readVarUint(decoder);
    switch (kind) {
      case RelayKind.Update:
        Y.applyUpdate(board.doc, decoding.readVarUint8Array(decoder), RELAY_ORIGIN);
        return;
      case RelayKind.Awareness: {
        const update = decoding.readVarUint8Array(decoder);
        for (const entry of decodeAwarenessEntries(update)) {
          if (entry.json === 'null') board.remoteClients.delete(entry.clientId);
          else board.remoteClients.add(entry.clientId);
        }
        awarenessProtocol.applyAwarenessUpdate(board.awareness, update, RELAY_ORIGIN);
        return;
      }
      case RelayKind.SyncRequest: {
        const theirVector = decoding.readVarUint8Array(decoder);
        const withPresence = decoding.readVarUint(decoder) === 1;
        // Absent in requests from instances that predate the digest.
        const theirDeletions = decoding.hasContent(decoder)
          ? decoding.readVarString(decoder)
          : null;
        const theirs = Y.decodeStateVector(theirVector);
        const ours = Y.decodeStateVector(Y.encodeStateVector(board.doc));
        const deletionsDiffer =
          theirDeletions !== null && theirDeletions !== deletionsDigest(board.doc);
        // An update for their state vector always carries our whole delete set, so one reply
        // covers missing structs and missing deletions alike; their own next request brings
        // us theirs.
        if (isAhead(ours, theirs) || deletionsDiffer) {
          const missing = Y.encodeStateAsUpdate(board.doc, theirVector);
          this.publish(board.boardId, RelayKind.SyncReply, (encoder) => {
            encoding.writeVarString(encoder, sender);
            encoding.writeVarUint8Array(encoder, missing);
          });
        }
        // They have something we lack: ask for it (they answer only us, as above).
        if (isAhead(theirs, ours)) this.requestSync(board, false);
        if (withPresence) this.announcePresence(board);
        return;
      }
      case RelayKind.SyncReply: {
        const target = decoding.readVarString(decoder);
        if (target !== this.instanceId) return;
        Y.applyUpdate(board.doc, decoding.readVarUint8Array(decoder), RELAY_ORIGIN);
        return;
      }
      case RelayKind.Disconnect: {
        const role = decoding.readVarString(decoder);
        if (!isRole(role)) throw new Error(`Unknown role ${role}`);
        const code = decoding.readVarUint(decoder);
        this.onDisconnect?.(
          board.boardId,
          { role },
          code,
          decoding.readVarString(decoder),
          undefined,
        );
        return;
      }
      case RelayKind.DisconnectHolders: {
        const selector = holderSelectorValidator.parse(JSON.parse(decoding.readVarString(decoder)));
        const code = decoding.readVarUint(decoder);
        const reason = decoding.readVarString(decoder);
        const before = decoding.hasContent(decoder)
          ? decoding.readVarUint8Array(decoder)
          : undefined;
        this.onDisconnect?.(board.boardId, selector, code, reason, before);
        return;
      }
      default:
        throw new Error(`Unknown relay message kind ${kind}`);
    }
  }

  /** Re-publishes the presence of this instance's own clients (a joining instance has none of it). */
  private announcePresence(board: Attached): void {
    const local = [...board.awareness.getStates().keys()].filter(
      (clientId) => clientId !== board.doc.clientID && !board.remoteClients.has(clientId),
    );
    if (local.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(board.awareness, local);
    this.publish(board.boardId, RelayKind.Awareness, (encoder) =>
      encoding.writeVarUint8Array(encoder, update),
    );
  }
}
