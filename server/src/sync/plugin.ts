import websocket from '@fastify/websocket';
import { CloseCode } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type WebSocket from 'ws';
import type * as Y from 'yjs';
import { verifyToken } from '../access/tokens';
import { AppError } from '../errors';
import { Connection } from './connection';
import type { Room } from './room';
import { RoomRegistry } from './rooms';

/** How long shutdown waits for clients to acknowledge the close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1000;

/** Frames a client may send while its board is still loading (a stock client sends two or three). */
const MAX_QUEUED_MESSAGES = 256;

interface SyncParams {
  boardId: string;
}

interface SyncQuery {
  token?: string;
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
  const { config, store } = app;
  const registry = new RoomRegistry({
    store,
    log: app.log,
    flushIntervalMs: config.flushIntervalMs,
    compactAfterUpdates: config.compactAfterUpdates,
    idleUnloadMs: config.idleUnloadMs,
  });
  const connections = new Set<Connection>();
  let shuttingDown = false;

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

  async function shutdown(): Promise<void> {
    shuttingDown = true;
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
    await registry.closeAll();
  }

  await app.register(websocket, {
    options: { maxPayload: config.maxMessageBytes },
    // Replaces the plugin's default, which would close clients without our close code and before
    // the boards are flushed.
    preClose: async function (this: FastifyInstance) {
      await shutdown();
      this.websocketServer.close();
    },
    errorHandler: (err, socket, request) => {
      request.log.warn({ err }, 'websocket error');
      socket.terminate();
    },
  });

  app.decorate('sync', {
    get openBoards() {
      return registry.openBoards;
    },
    get connections() {
      return connections.size;
    },
    stateOf: (boardId: string) => registry.stateOf(boardId),
    change: <T>(boardId: string, reason: string, change: (doc: Y.Doc) => T) =>
      registry.change(boardId, { kind: 'server', reason }, change),
  });

  async function accept(
    socket: WebSocket,
    request: FastifyRequest<{ Params: SyncParams; Querystring: SyncQuery }>,
  ) {
    const { boardId } = request.params;
    const connection = new Connection(socket, boardId, request.log);
    // Listeners go on before the first await so no frame is lost while the board loads.
    const queued: Uint8Array[] = [];
    let room: Room | undefined = undefined;
    let closed = false;
    connections.add(connection);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        connection.rejected = true;
        connection.close(CloseCode.MalformedMessage, 'Text frames are not part of the protocol');
        return;
      }
      const message = toBytes(data);
      if (room) {
        room.receive(connection, message);
      } else if (queued.length >= MAX_QUEUED_MESSAGES) {
        connection.rejected = true;
        connection.close(CloseCode.PolicyViolation, 'Too many messages before the board was ready');
      } else {
        queued.push(message);
      }
    });
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('close', (code) => {
      closed = true;
      connections.delete(connection);
      connection.log.info({ code }, 'connection closed');
      if (room) registry.leave(room, connection);
    });

    if (shuttingDown) return connection.close(CloseCode.ServerShutdown, 'Server shutting down');
    const claims = verifyToken(app.secret, request.query.token);
    if (!claims || claims.boardId !== boardId) {
      return connection.close(
        CloseCode.Unauthorized,
        claims ? 'Token is for another board' : 'Missing or invalid token',
      );
    }
    let board;
    try {
      board = await store.getBoard(boardId);
    } catch (err) {
      connection.log.error({ err }, 'storage unavailable');
      return connection.close(CloseCode.InternalError, 'Storage unavailable');
    }
    if (!board) return connection.close(CloseCode.BoardNotFound, 'Board not found');
    if (board.generations[claims.role] !== claims.gen) {
      return connection.close(CloseCode.Unauthorized, 'This link has been revoked');
    }
    // Even a connection that already closed joins: the frames it sent before closing are kept.
    connection.role = claims.role;
    connection.log.info({ role: claims.role }, 'connection opened');

    let joined: Room;
    try {
      joined = await registry.join(boardId, connection);
    } catch (err) {
      if (shuttingDown) return connection.close(CloseCode.ServerShutdown, 'Server shutting down');
      connection.log.error({ err }, 'loading the board failed');
      return connection.close(CloseCode.InternalError, 'Could not load the board');
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
    wsHandler: accept,
  });
}

export default fp(syncPlugin, {
  name: 'weboard-sync',
  dependencies: ['weboard-storage', 'weboard-access'],
});
