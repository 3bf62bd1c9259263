import websocket from '@fastify/websocket';
import { CloseCode, DRAFT_TEAM_PARAM, PERSON_PARAM, PERSON_SECRET_PARAM } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type WebSocket from 'ws';
import type * as Y from 'yjs';
import { provePerson } from '../access/person';
import type { PersonProof } from '../access/person';
import { AppError } from '../errors';
import type { IdleBoard, RepairedBoard } from '../types';
import type { RejectReason } from '../observability/metrics';
import { relayHooks } from '../scale/relay-hooks';
import { boardGuardHooks } from './board-guard';
import { Connection } from './connection';
import { holds } from './holders';
import type { ServerHooks } from './hooks';
import { idleBoardHooks } from './idle-hooks';
import type { HolderSelector } from './holders';
import { ConnectionCounter } from './limits';
import type { PrivateDrafts } from './drafts';
import type { Room } from './room';
import { LoadMonitor } from './load-monitor';
import { RoomRegistry } from './rooms';

/** How long shutdown waits for clients to acknowledge the close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1000;

/** Frames a client may send while its board is still loading (a stock client sends two or three). */
const MAX_QUEUED_MESSAGES = 256;

/**
 * Browsers always send Origin on a websocket; a page from another site must not open one with a
 * link it obtained. Allowed: no Origin (not a browser), an Origin in `allowed`, or, when `allowed`
 * is empty, an Origin whose host is the Host the request came to (the served client).
 */
function originAllowed(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.length > 0) return allowed.includes(origin.replace(/\/+$/, ''));
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

interface SyncParams {
  boardId: string;
}

interface SyncQuery {
  token?: string;
  /** A team member's client during a private round: sync this team's drafts (see drafts.ts). */
  [DRAFT_TEAM_PARAM]?: string;
  /** Who the connection speaks for, and the secret that proves it (see access/person.ts). */
  [PERSON_PARAM]?: string;
  [PERSON_SECRET_PARAM]?: string;
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * `GET /sync/:boardId?token=…`: the y-websocket protocol. The token is checked before anything is
 * sent; the board is loaded from storage before anyone is synced; frames that arrive meanwhile are
 * queued, not dropped.
 */
async function syncPlugin(app: FastifyInstance): Promise<void> {
  const { config, store, metrics } = app;
  // The relay (and ioredis) is loaded only when configured: not part of a single server's heap.
  const relay = config.redisUrl
    ? new (await import('../scale/redis-relay')).RedisRelay({
        url: config.redisUrl,
        log: app.log,
        metrics,
        // Another instance rotated a link or took a grant back: its holders here must go too.
        onDisconnect: (boardId, selector, code, reason, before) => {
          void disconnectHere(boardId, selector, code, reason, before);
        },
      })
    : undefined;
  const idleListeners = new Set<(board: IdleBoard) => Promise<void>>();
  const repairListeners = new Set<(board: RepairedBoard) => Promise<void>>();
  // What plugs into each board's life (hooks.ts), in order: the guard checks every change first.
  const hooks: ServerHooks[] = [
    boardGuardHooks({
      log: app.log,
      metrics,
      onRepaired: (boardId, before, repairs) => {
        for (const listener of repairListeners)
          listener({ boardId, before, repairs }).catch((err: unknown) =>
            app.log.error(
              { err, boardId },
              'could not keep the state of a board before its repair',
            ),
          );
      },
    }),
    ...(relay ? [relayHooks(relay)] : []),
    idleBoardHooks(idleListeners),
  ];
  const load = new LoadMonitor();
  app.addHook('onClose', () => load.dispose());
  const registry = new RoomRegistry({
    load,
    store,
    log: app.log,
    metrics,
    flushIntervalMs: config.flushIntervalMs,
    compactAfterUpdates: config.compactAfterUpdates,
    idleUnloadMs: config.idleUnloadMs,
    maxBoardBytes: config.maxBoardBytes,
    loadConcurrency: config.loadConcurrency,
    holdUpdatesFromWritesPerSecond: config.holdUpdatesFromWritesPerSecond,
    sharedStorage: relay !== undefined,
    hooks,
  });
  const connections = new Set<Connection>();
  const perBoard = new ConnectionCounter(config.maxConnectionsPerBoard);
  const perAddress = new ConnectionCounter(config.maxConnectionsPerIp);
  const limits = {
    messagesPerSecond: config.maxMessagesPerSecond,
    bytesPerSecond: config.maxBytesPerSecond,
    maxMessageBytes: config.maxMessageBytes,
    metrics,
  };
  let shuttingDown = false;
  /**
   * Connections still being admitted (token, board lookup, loading the board). Shutdown waits for
   * them before it stores the boards: a client may send its changes and close while its board is
   * still loading, and those frames are applied once the board is there (see `accept`).
   */
  const accepting = new Set<Promise<void>>();

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.log.info('no pong within a heartbeat interval; dropping connection');
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, config.heartbeatIntervalMs);
  heartbeat.unref();

  /** Shutdown's first step: no new connections, every open one closed (within the grace). */
  async function closeConnections(): Promise<void> {
    shuttingDown = true;
    registry.deferCompaction();
    clearInterval(heartbeat);
    const closed = [...connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.socket.readyState === connection.socket.CLOSED) return resolve();
          connection.socket.once('close', () => resolve());
          connection.close(CloseCode.ServerShutdown, 'Server shutting down');
        }),
    );
    const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(closed), grace]);
    for (const connection of connections) connection.socket.terminate();
    await Promise.race([Promise.all(accepting), grace]);
  }

  await app.register(websocket, {
    options: { maxPayload: config.maxMessageBytes },
    // Replaces the plugin's default, which would close clients without our close code and before
    // the boards are stored.
    preClose: async function (this: FastifyInstance) {
      await closeConnections();
      this.websocketServer.close();
    },
    errorHandler: (err, socket, request) => {
      request.log.warn({ err }, 'websocket error');
      socket.terminate();
    },
  });

  // Storing the open boards is an onClose hook, not part of preClose above: Fastify gives each
  // preClose hook pluginTimeout (10 s), then goes on closing (the store too, under the writes) and
  // makes close() fail, and storing a big board can take longer (bench:client's 100,000-note
  // board: its automatic snapshot and compaction, 6.6 s on a quiet machine and 41 s on a loaded
  // one). onClose hooks are not timed (start.ts bounds the whole shutdown); they run once the HTTP
  // server has closed, so the changes of REST requests in flight are stored too, and in reverse
  // order of registration: this one before the storage plugin's (a dependency, registered first)
  // closes the store.
  app.addHook('onClose', async () => {
    await registry.closeAll();
    await relay?.close();
  });

  app.decorate('sync', {
    get openBoards() {
      return registry.openBoards;
    },
    get connections() {
      return connections.size;
    },
    get failingBoards() {
      return registry.failingBoards;
    },
    get unsavedBoards() {
      return registry.unsavedBoards;
    },
    get failedBoards() {
      return registry.failedBoards;
    },
    get storedOnShutdown() {
      return registry.storedOnShutdown;
    },
    stateOf: (boardId: string) => registry.stateOf(boardId),
    change: <T>(
      boardId: string,
      reason: string,
      change: (doc: Y.Doc, drafts: PrivateDrafts) => T,
    ) =>
      registry.change(boardId, { kind: 'server', reason }, (doc, room) => change(doc, room.drafts)),
    async disconnect(
      boardId: string,
      selector: HolderSelector,
      code: number,
      reason: string,
      before?: Uint8Array,
    ) {
      relay?.disconnectEverywhere(boardId, selector, code, reason, before);
      return disconnectHere(boardId, selector, code, reason, before);
    },
    async presenceConnection(boardId: string, awarenessClientId: number) {
      const target = (await registry.connectionsOf(boardId)).find((c) =>
        c.awarenessClients.has(awarenessClientId),
      );
      return target
        ? {
            role: target.role,
            grant: target.grant,
            send: (message: Uint8Array) => target.send(message),
          }
        : null;
    },
    onBoardIdle(listener: (board: IdleBoard) => Promise<void>) {
      idleListeners.add(listener);
    },
    onBoardRepaired(listener: (board: RepairedBoard) => Promise<void>) {
      repairListeners.add(listener);
    },
  });

  /** Closes this instance's connections on the board that `selector` picks; resolves to how many. */
  async function disconnectHere(
    boardId: string,
    selector: HolderSelector,
    code: number,
    reason: string,
    before?: Uint8Array,
  ): Promise<number> {
    const leaving = (await registry.connectionsOf(boardId)).filter((c) => holds(c, selector));
    for (const connection of leaving) {
      if (before) connection.send(before);
      connection.rejected = true;
      connection.close(code, reason);
    }
    return leaving.length;
  }

  async function accept(
    socket: WebSocket,
    request: FastifyRequest<{ Params: SyncParams; Querystring: SyncQuery }>,
  ) {
    const { boardId } = request.params;
    const connection = new Connection(socket, boardId, request.ip, request.log, limits);
    const refuse = (reason: RejectReason, code: number, message: string) => {
      metrics.reject(reason);
      connection.close(code, message);
    };
    // Listeners go on before the first await so no frame is lost while the board loads.
    const queued: Uint8Array[] = [];
    let room: Room | undefined = undefined;
    let closed = false;
    connections.add(connection);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        connection.rejected = true;
        refuse('malformed', CloseCode.MalformedMessage, 'Text frames are not part of the protocol');
        return;
      }
      const message = toBytes(data);
      if (connection.rejected) return;
      if (!connection.admit(message)) {
        connection.rejected = true;
        return refuse('rate_limited', CloseCode.RateLimited, 'Too many messages; slow down');
      }
      if (room) {
        room.receive(connection, message);
      } else if (queued.length >= MAX_QUEUED_MESSAGES) {
        connection.rejected = true;
        refuse(
          'rate_limited',
          CloseCode.PolicyViolation,
          'Too many messages before the board was ready',
        );
      } else {
        queued.push(message);
      }
    });
    socket.on('pong', () => {
      connection.alive = true;
    });
    let counted = false;
    socket.on('close', (code) => {
      closed = true;
      connections.delete(connection);
      if (counted) {
        perBoard.remove(boardId);
        perAddress.remove(connection.ip);
      }
      connection.log.info({ code }, 'connection closed');
      // ws closes over-long messages itself (maxPayload), so count them here.
      if (code === CloseCode.MessageTooBig) metrics.reject('too_big');
      if (room) registry.leave(room, connection);
    });

    if (shuttingDown) {
      return refuse('shutting_down', CloseCode.ServerShutdown, 'Server shutting down');
    }
    if (!originAllowed(request, config.allowedOrigins)) {
      return refuse('origin', CloseCode.Forbidden, 'Origin not allowed');
    }
    const checked = app.access.checkToken(request.query.token, boardId);
    if ('refused' in checked) {
      return refuse('unauthorized', CloseCode.Unauthorized, checked.refused);
    }
    const { claims } = checked;
    if (!perAddress.tryAdd(connection.ip)) {
      return refuse('ip_full', CloseCode.RateLimited, 'Too many connections from this address');
    }
    if (!perBoard.tryAdd(boardId)) {
      perAddress.remove(connection.ip);
      return refuse('board_full', CloseCode.RateLimited, 'Too many connections to this board');
    }
    // The close handler gives both slots back from now on (also if the socket already closed).
    counted = true;
    if (closed) {
      perBoard.remove(boardId);
      perAddress.remove(connection.ip);
    }
    let board;
    let revoked: string | null = null;
    let person: PersonProof | null = null;
    try {
      board = await store.getBoard(boardId);
      if (board) revoked = await app.access.revoked(board, claims);
      if (board && !revoked && request.query[PERSON_PARAM] !== undefined)
        person = await provePerson(
          store,
          boardId,
          request.query[PERSON_PARAM],
          request.query[PERSON_SECRET_PARAM],
        );
    } catch (err) {
      connection.log.error({ err }, 'storage unavailable');
      return refuse('storage', CloseCode.InternalError, 'Storage unavailable');
    }
    if (!board) return refuse('board_not_found', CloseCode.BoardNotFound, 'Board not found');
    if (revoked) return refuse('unauthorized', CloseCode.Unauthorized, revoked);
    // Even a connection that already closed joins: the frames it sent before closing are kept.
    connection.role = claims.role;
    connection.grant = claims.grant;
    if (person && 'person' in person) connection.person = person.person;
    // Still joins (presence, reading, editing): it just may change nobody's reactions.
    else if (person) connection.log.info({ reason: person.refused }, 'speaks for nobody');
    const draftTeam = request.query[DRAFT_TEAM_PARAM];
    if (typeof draftTeam === 'string' && draftTeam.length > 0 && draftTeam.length <= 64)
      connection.draftTeam = draftTeam;
    connection.log.info({ role: claims.role }, 'connection opened');

    let joined: Room;
    try {
      joined = await registry.join(boardId, connection);
    } catch (err) {
      if (shuttingDown) {
        return refuse('shutting_down', CloseCode.ServerShutdown, 'Server shutting down');
      }
      connection.log.error({ err }, 'loading the board failed');
      return refuse('storage', CloseCode.InternalError, 'Could not load the board');
    }
    room = joined;
    for (const message of queued.splice(0)) joined.receive(connection, message);
    // Closed while the board was loading: its frames are applied above, now let it go.
    if (closed) registry.leave(joined, connection);
  }

  app.route<{ Params: SyncParams; Querystring: SyncQuery }>({
    method: 'GET',
    url: '/sync/:boardId',
    handler: async () => {
      throw new AppError('BadRequest', 'This endpoint only accepts websocket connections');
    },
    wsHandler: (socket, request) => {
      const admitted = accept(socket, request).finally(() => accepting.delete(admitted));
      accepting.add(admitted);
      return admitted;
    },
  });
}

export default fp(syncPlugin, {
  name: 'weboard-sync',
  dependencies: ['weboard-storage', 'weboard-access'],
});
