import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getItem } from '@weboard/shared';
import type { CreateBoardResponse, Role } from '@weboard/shared';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { Config } from '../src/config';
import { updatesOfEntry } from '../src/storage/merge-small.mjs';

/**
 * Board `boardId` as the SQLite file in `dataDir` holds it right now (compacted state and logged
 * updates), read beside a running server as a second reader of its WAL file: what a crash keeps.
 */
export function storedBoard(dataDir: string, boardId: string): Y.Doc {
  const db = new Database(path.join(dataDir, 'weboard.sqlite'), { readonly: true });
  try {
    const doc = new Y.Doc();
    const state = db.prepare('SELECT data FROM board_state WHERE board_id = ?').get(boardId) as
      { data: Buffer } | undefined;
    if (state) Y.applyUpdate(doc, state.data);
    const log = db
      .prepare('SELECT data, lengths FROM board_updates WHERE board_id = ? ORDER BY seq')
      .all(boardId) as { data: Buffer; lengths: Buffer | null }[];
    for (const row of log) {
      for (const update of updatesOfEntry(row.data, row.lengths)) Y.applyUpdate(doc, update);
    }
    return doc;
  } finally {
    db.close();
  }
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'weboard-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A config as `main.ts` would build it, for a test server on a random port. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    CLIENT_DIR: path.join(dataDir, 'no-client'),
    ...env,
  });
}

export interface TestServer {
  app: FastifyInstance;
  /** `ws://127.0.0.1:<port>` */
  wsUrl: string;
  close: () => Promise<void>;
}

/** Builds the real app and listens on a random port. */
export async function startServer(config: Config): Promise<TestServer> {
  const app = await buildApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return { app, wsUrl: `ws://127.0.0.1:${address.port}`, close: () => app.close() };
}

export interface TestBoard extends CreateBoardResponse {
  tokens: Record<Role, string>;
}

/** Creates a board through the REST API and extracts the token of each link. */
export async function createBoard(app: FastifyInstance, title = 'Test board'): Promise<TestBoard> {
  const response = await app.inject({ method: 'POST', url: '/api/boards', payload: { title } });
  if (response.statusCode !== 201)
    throw new Error(`create board: ${response.statusCode} ${response.body}`);
  return withTokens(response.json<CreateBoardResponse>());
}

export function withTokens(board: CreateBoardResponse): TestBoard {
  const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
  return {
    ...board,
    tokens: {
      viewer: tokenOf(board.links.viewer),
      editor: tokenOf(board.links.editor),
      facilitator: tokenOf(board.links.facilitator),
    },
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy: () => void;
}

/** A stock y-websocket provider, as the browser client uses it; resolves once synced. */
export async function connectClient(
  wsUrl: string,
  boardId: string,
  token: string,
  doc = new Y.Doc(),
  params: Record<string, string> = {},
): Promise<TestClient> {
  const provider = new WebsocketProvider(`${wsUrl}/sync`, boardId, doc, {
    params: { ...params, token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Providers in one process would otherwise talk over BroadcastChannel and bypass the server.
    disableBc: true,
  });
  const destroy = () => {
    provider.destroy();
    doc.destroy();
  };
  try {
    await waitFor(() => provider.synced, 5000, 'provider to sync');
  } catch (err) {
    destroy();
    throw err;
  }
  return { doc, provider, destroy };
}

/** Polls `predicate` until it is true; rejects after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A person voting in a hidden vote: their user id and the secret that keys their ballot. */
export interface Voter {
  userId: string;
  secret: string;
}

/**
 * A REST call to `/api/boards/:id` + `path` as `voter` (their voter headers; none for null), with
 * the editor's token unless another is given.
 */
export function boardCall(
  server: TestServer,
  board: TestBoard,
  method: 'GET' | 'POST',
  path: string,
  voter: Voter | null,
  payload?: unknown,
  token = board.tokens.editor,
) {
  return server.app.inject({
    method,
    url: `/api/boards/${board.id}${path}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(voter ? { 'x-weboard-voter': voter.userId, 'x-weboard-voter-secret': voter.secret } : {}),
    },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** Polls an async `check` until it holds; rejects after `timeoutMs`. */
export async function waitForAsync(
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The text of a note, or undefined when the item is missing or has none. */
export function textOf(doc: Y.Doc, id: string): string | undefined {
  const item = getItem(doc, id);
  return item && 'text' in item ? item.text : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RawClient {
  socket: WebSocket;
  /** Every message received, in order. */
  messages: Buffer[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A bare websocket to the sync endpoint that records everything it receives. */
export function rawClient(wsUrl: string, boardId: string, token?: string): RawClient {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(`${wsUrl}/sync/${boardId}${query}`);
  const messages: Buffer[] = [];
  socket.on('message', (data) => messages.push(Buffer.from(data as Buffer)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  return { socket, messages, opened, closed };
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Per-test servers for a describe block: `server(env)` starts one on its own data directory, and
 * `cleanups` (run newest first after each test) stops it and anything else a test registers.
 */
export function useTestServers(): {
  cleanups: (() => unknown)[];
  server: (env?: Record<string, string>) => Promise<TestServer>;
} {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function server(env: Record<string, string> = {}): Promise<TestServer> {
    const data = tempDir();
    cleanups.push(data.remove);
    const started = await startServer(testConfig(data.dir, env));
    cleanups.push(started.close);
    return started;
  }
  return { cleanups, server };
}

/**
 * A board for testing the hidden-ballot APIs, opened before the file's tests and closed after them:
 * a server with its own data folder, the facilitator's stock client and another person's (who
 * holds the whole shared document, as anyone on the board does), and two voters.
 */
export class BallotBoard {
  readonly ada: Voter = { userId: 'ada', secret: 'ada-secret-0123456789' };
  readonly bob: Voter = { userId: 'bob', secret: 'bob-secret-0123456789' };
  server!: TestServer;
  board!: TestBoard;
  facilitator!: TestClient;
  other!: TestClient;

  /** A call to the board's API at `path` as `voter`, with the editor's link unless told. */
  call(
    method: 'GET' | 'POST',
    path: string,
    voter: Voter | null,
    payload?: unknown,
    token = this.board.tokens.editor,
  ) {
    return boardCall(this.server, this.board, method, path, voter, payload, token);
  }
}

/** Registers the hooks that open and close a BallotBoard named `title` around the file's tests. */
export function ballotBoard(title: string): BallotBoard {
  const data = tempDir();
  const room = new BallotBoard();
  beforeAll(async () => {
    room.server = await startServer(testConfig(data.dir));
    room.board = await createBoard(room.server.app, title);
    room.facilitator = await connectClient(
      room.server.wsUrl,
      room.board.id,
      room.board.tokens.facilitator,
    );
    room.other = await connectClient(room.server.wsUrl, room.board.id, room.board.tokens.editor);
  });
  afterAll(async () => {
    room.facilitator.destroy();
    room.other.destroy();
    await room.server.close();
    data.remove();
  });
  return room;
}
