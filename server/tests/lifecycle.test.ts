import type { Socket } from 'node:net';
import path from 'node:path';
import { CloseCode, addItem, getItem, makeSticky } from '@weboard/shared';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { buildApp } from '../src/app';
import { SqliteBoardStore } from '../src/storage/sqlite-store';
import {
  connectClient,
  createBoard,
  rawClient,
  storedBoard,
  tempDir,
  testConfig,
  waitFor,
  waitForAsync,
} from './helpers';
import type { TestServer } from './helpers';

/** The real SQLite store with a storage outage: the first `failures` appends throw. */
class FlakySqliteStore extends SqliteBoardStore {
  failedAppends = 0;
  constructor(
    file: string,
    private failures: number,
  ) {
    super(file);
  }

  override async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    if (this.failures > 0) {
      this.failures -= 1;
      this.failedAppends += 1;
      throw new Error('disk on fire');
    }
    return super.appendUpdates(id, updates);
  }
}

/** The real SQLite store, holding the write of every snapshot until `release` (a big board's). */
class HeldSnapshotStore extends SqliteBoardStore {
  /** Whether a snapshot's write is waiting. */
  holding = false;
  release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  override async saveSnapshot(
    ...args: Parameters<SqliteBoardStore['saveSnapshot']>
  ): Promise<void> {
    this.holding = true;
    await this.released;
    return super.saveSnapshot(...args);
  }
}

async function listen(app: Awaited<ReturnType<typeof buildApp>>): Promise<TestServer> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, wsUrl: `ws://127.0.0.1:${port}`, close: () => app.close() };
}

describe('connection and board lifecycle', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('drops a connection that stops answering pings', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const server = await listen(
      await buildApp(testConfig(data.dir, { HEARTBEAT_INTERVAL_MS: '100' })),
    );
    cleanups.push(server.close);
    const board = await createBoard(server.app);
    const silent = rawClient(server.wsUrl, board.id, board.tokens.editor);
    await silent.opened;
    await waitFor(() => server.app.sync.connections === 1, 2000, 'the connection to register');
    // A paused socket reads nothing, so it never answers a ping: like a laptop that went to sleep.
    silent.socket.pause();
    await waitFor(
      () => server.app.sync.connections === 0,
      3000,
      'the dead connection to be dropped',
    );
    silent.socket.resume();
  });

  /** A server unloading idle boards after 50 ms, and a board holding `itemId` it has unloaded. */
  async function unloadedBoard(itemId: string) {
    const data = tempDir();
    cleanups.push(data.remove);
    const server = await listen(await buildApp(testConfig(data.dir, { IDLE_UNLOAD_MS: '50' })));
    cleanups.push(server.close);
    const board = await createBoard(server.app);
    const editor = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    addItem(editor.doc, makeSticky({ id: itemId, x: 0, y: 0, z: 'a0', createdBy: 'e' }));
    // The server holds the item before its editor leaves.
    await waitForAsync(async () => {
      const held = new Y.Doc();
      Y.applyUpdate(held, await server.app.sync.stateOf(board.id));
      return getItem(held, itemId) !== null;
    });
    expect(server.app.sync.openBoards).toBe(1);
    editor.destroy();
    await waitFor(() => server.app.sync.openBoards === 0, 3000, 'the board to unload');
    return { server, board };
  }

  it('hands presence to a reconnected browser once its old, dead socket fails a ping', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    // A heartbeat far away: only the probe can notice the dead socket in time.
    const server = await listen(
      await buildApp(testConfig(data.dir, { HEARTBEAT_INTERVAL_MS: '600000' })),
    );
    cleanups.push(server.close);
    const board = await createBoard(server.app);
    // One browser (presence client 4242): its presence clock goes up with every change, also
    // across its reconnect, as y-protocols does.
    const doc = new Y.Doc();
    doc.clientID = 4242;
    const awareness = new awarenessProtocol.Awareness(doc);
    cleanups.push(() => awareness.destroy());
    const presenceFrame = (name: string) => {
      awareness.setLocalState({ user: { name }, at: performance.now() });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [4242]),
      );
      return encoding.toUint8Array(encoder);
    };
    const watcher = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(watcher.destroy);
    const nameOf4242 = () =>
      (watcher.provider.awareness.getStates().get(4242) as { user?: { name?: string } } | undefined)
        ?.user?.name;

    const before = rawClient(server.wsUrl, board.id, board.tokens.editor);
    await before.opened;
    before.socket.send(presenceFrame('on the old network'));
    await waitFor(() => nameOf4242() === 'on the old network', 3000, 'the first presence');
    // The laptop changed networks: the old socket is silent, not closed. (Its TCP socket stops
    // reading, so not even a ping is answered; WebSocket#pause may still answer one.)
    const tcp = (before.socket as unknown as { _socket: Socket })._socket;
    tcp.pause();

    const after = rawClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => after.socket.close());
    await after.opened;
    // Like a browser whose cursor moves: presence again and again until it is taken.
    const resend = setInterval(() => after.socket.send(presenceFrame('back')), 200);
    cleanups.push(() => clearInterval(resend));
    await waitFor(() => nameOf4242() === 'back', 8000, 'the presence to move to the new socket');
    // The old socket was dropped (the watcher and the new one remain).
    expect(server.app.sync.connections).toBe(2);
  });

  it('unloads an idle board and loads it again on the next join', async () => {
    const { server, board } = await unloadedBoard('idle');
    const again = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(again.destroy);
    expect(getItem(again.doc, 'idle')).not.toBeNull();
  });

  it('lets the last-leave hooks of a board just left finish with the store before shutdown closes it', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const server = await listen(await buildApp(testConfig(data.dir)));
    let closed = false;
    cleanups.push(() => (closed ? undefined : server.close()));
    const board = await createBoard(server.app);
    // A slow listener of "everyone left" (as a big board's automatic snapshot is): it reads the
    // store once its work is done.
    let started = false;
    let outcome = 'not run';
    server.app.sync.onBoardIdle(async ({ boardId }) => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const updates = await server.app.store.loadBoardUpdates(boardId).catch(String);
      outcome = typeof updates === 'string' ? updates : 'stored';
    });
    const editor = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    addItem(editor.doc, makeSticky({ id: 'left', x: 0, y: 0, z: 'a0', createdBy: 'e' }));
    await waitFor(() => getItem(storedBoard(data.dir, board.id), 'left') !== null);
    editor.destroy();
    await waitFor(() => started, 3000, 'the last-leave hook to start');
    await server.close();
    closed = true;
    expect(outcome).toBe('stored');
    // The built-in automatic snapshot of that leave was stored too.
    const store = new SqliteBoardStore(path.join(data.dir, 'weboard.sqlite'));
    cleanups.push(() => store.close());
    expect((await store.listSnapshots(board.id)).map((s) => s.kind)).toEqual(['auto']);
  });

  it('stores the boards on shutdown however long that takes, after the part of closing Fastify times out', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const store = new HeldSnapshotStore(path.join(data.dir, 'weboard.sqlite'));
    // A long window: only the shutdown stores the edit.
    const config = testConfig(data.dir, { FLUSH_INTERVAL_MS: '60000' });
    const server = await listen(await buildApp(config, { store }));
    let closed = false;
    cleanups.push(() => {
      store.release();
      return closed ? undefined : server.close().catch(() => undefined);
    });
    const board = await createBoard(server.app);
    const editor = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    addItem(editor.doc, makeSticky({ id: 'kept', x: 0, y: 0, z: 'a0', createdBy: 'e' }));
    await waitForAsync(async () => {
      const held = new Y.Doc();
      Y.applyUpdate(held, await server.app.sync.stateOf(board.id));
      return getItem(held, 'kept') !== null;
    });
    editor.destroy();
    // The automatic snapshot of the last leave is being written, for as long as a big board's
    // takes: here until the HTTP server has closed.
    await waitFor(() => store.holding, 3000, 'the automatic snapshot to be written');
    const httpClosed = new Promise((resolve) => server.app.server.once('close', resolve));
    const closing = server.close();
    // Fastify gives each preClose hook pluginTimeout (10 s), then closes the HTTP server, the
    // store under the writes, and makes close() fail. The boards are stored after that part.
    await httpClosed;
    store.release();
    await closing;
    closed = true;
    expect(getItem(storedBoard(data.dir, board.id), 'kept')).not.toBeNull();
    const reopened = new SqliteBoardStore(path.join(data.dir, 'weboard.sqlite'));
    cleanups.push(() => reopened.close());
    expect((await reopened.listSnapshots(board.id)).map((s) => s.kind)).toEqual(['auto']);
  });

  it('greets a silent client on a cold board and takes an edit sent before any handshake', async () => {
    const { server, board } = await unloadedBoard('old');

    // Sends nothing: the server's sync step 1 ([0, 0, …]) still comes, once the board is decoded.
    const silent = rawClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => silent.socket.close());
    await silent.opened;
    await waitFor(() => silent.messages.some((m) => m[0] === 0 && m[1] === 0), 3000, 'step 1');

    await waitFor(() => server.app.sync.openBoards === 1);
    silent.socket.close();
    await waitFor(() => server.app.sync.openBoards === 0, 3000, 'the board to unload again');
    // First frame on a cold board: an update ([0, 2, update]) instead of a handshake.
    const writer = rawClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => writer.socket.close());
    await writer.opened;
    const offline = new Y.Doc();
    addItem(offline, makeSticky({ id: 'new', x: 5, y: 5, z: 'a1', createdBy: 'w' }));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(offline));
    writer.socket.send(encoding.toUint8Array(encoder));

    const reader = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    await waitFor(() => getItem(reader.doc, 'new') !== null, 3000, 'the early edit');
    expect(getItem(reader.doc, 'old')).not.toBeNull();
  });

  it('keeps updates queued while storage fails and stores them once it recovers', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir, { FLUSH_INTERVAL_MS: '10' });
    const store = new FlakySqliteStore(path.join(data.dir, 'weboard.sqlite'), 3);
    const server = await listen(await buildApp(config, { store }));
    const board = await createBoard(server.app);
    const editor = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    addItem(editor.doc, makeSticky({ id: 'queued', x: 0, y: 0, z: 'a0', createdBy: 'e' }));
    await waitFor(() => store.failedAppends === 3, 5000, 'the outage');
    // Stored by a retry after the outage, before the server closes (whose flush would store it too).
    await waitFor(
      () => getItem(storedBoard(data.dir, board.id), 'queued') !== null,
      5000,
      'the queued edit stored once storage recovered',
    );
    editor.destroy();
    await server.close();

    const reopened = await listen(await buildApp(config));
    cleanups.push(reopened.close);
    const reader = await connectClient(reopened.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(getItem(reader.doc, 'queued')).not.toBeNull();
  });

  it('closes sockets with 4503 on shutdown', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const server = await listen(await buildApp(testConfig(data.dir)));
    const board = await createBoard(server.app);
    const client = rawClient(server.wsUrl, board.id, board.tokens.editor);
    await client.opened;
    await waitFor(() => client.messages.length > 0, 2000, 'the handshake');
    await server.close();
    expect((await client.closed).code).toBe(CloseCode.ServerShutdown);
  });
});
