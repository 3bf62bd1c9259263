import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { addItem, getItem, makeSticky, readItems, updateItem } from '@weboard/shared';
import type { CreateBoardResponse } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildApp } from '../src/app';
import { SqliteBoardStore } from '../src/storage/sqlite-store';
import {
  connectClient,
  createBoard,
  freePort,
  sleep,
  startServer,
  storedBoard,
  tempDir,
  testConfig,
  waitFor,
  withTokens,
  textOf,
  waitForAsync,
} from './helpers';
import type { TestServer } from './helpers';
import { launchServer } from './processes';
import { openSocket, sample, updateFrame } from './raw';

/** The real SQLite store, with a switch that makes every append fail (a full or read-only disk). */
class BrokenDiskStore extends SqliteBoardStore {
  broken = false;
  override async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    if (this.broken) throw new Error('disk full');
    return super.appendUpdates(id, updates);
  }
}

/** The real SQLite store, answering board loads only after `delayMs` (a slow disk or database). */
class SlowLoadStore extends SqliteBoardStore {
  constructor(
    file: string,
    private readonly delayMs: number,
  ) {
    super(file);
  }
  override async loadBoardUpdates(id: string): Promise<Uint8Array[]> {
    await sleep(this.delayMs);
    return super.loadBoardUpdates(id);
  }
}

async function listen(app: Awaited<ReturnType<typeof buildApp>>): Promise<TestServer> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, wsUrl: `ws://127.0.0.1:${port}`, close: () => app.close() };
}

async function createBoardOver(base: string, title: string) {
  const response = await fetch(`${base}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(response.status).toBe(201);
  return withTokens((await response.json()) as CreateBoardResponse);
}

/** Heap in use after a full collection. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('durability under the failures peers are known for', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps a burst through kill -9 once the group commit stored it, its writer connected and then gone', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const port = await freePort();
    const env = { DATA_DIR: data.dir };
    const first = await launchServer(port, env);
    cleanups.push(first.kill);
    const board = await createBoardOver(first.base, 'Burst');
    const writer = await connectClient(first.wsUrl, board.id, board.tokens.editor);
    for (let i = 0; i < 300; i++) {
      addItem(
        writer.doc,
        makeSticky({ id: `b${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'w', text: `burst ${i}` }),
      );
    }
    // A group commit (every 50 ms) stores the burst: wait until the file holds it, not a guessed time.
    await waitFor(
      () => readItems(storedBoard(data.dir, board.id)).length === 300,
      10_000,
      'the burst stored',
    );
    // The writer is still connected when the server dies, then never comes back.
    await first.kill();
    writer.destroy();

    const second = await launchServer(port, env);
    cleanups.push(second.kill);
    const reader = await connectClient(second.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(readItems(reader.doc)).toHaveLength(300);
    expect(textOf(reader.doc, 'b299')).toBe('burst 299');
  }, 120_000);

  it('stores the last edits on SIGTERM without waiting for a commit window', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const port = await freePort();
    // A long window: only the shutdown flush can store the edit.
    const env = { DATA_DIR: data.dir, FLUSH_INTERVAL_MS: '60000' };
    const first = await launchServer(port, env);
    cleanups.push(first.kill);
    const board = await createBoardOver(first.base, 'Shutdown');
    const writer = await connectClient(first.wsUrl, board.id, board.tokens.editor);
    addItem(writer.doc, makeSticky({ id: 'last', x: 1, y: 1, z: 'a0', createdBy: 'w' }));
    updateItem(writer.doc, 'last', { text: 'just before shutdown' });
    // The server holds the edit (another client has it), but the window has not stored it.
    const observer = await connectClient(first.wsUrl, board.id, board.tokens.viewer);
    await waitFor(() => textOf(observer.doc, 'last') === 'just before shutdown', 5000, 'the edit');
    expect(readItems(storedBoard(data.dir, board.id)).length).toBe(0);
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    writer.destroy();
    observer.destroy();

    const second = await launchServer(port, env);
    cleanups.push(second.kill);
    const reader = await connectClient(second.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(textOf(reader.doc, 'last')).toBe('just before shutdown');
  }, 120_000);

  it('never syncs a client before the stored board is loaded (an empty doc never wins)', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir);
    const seed = await startServer(config);
    const board = await createBoard(seed.app, 'Stored');
    const writer = await connectClient(seed.wsUrl, board.id, board.tokens.editor);
    for (let i = 0; i < 20; i++) {
      addItem(writer.doc, makeSticky({ id: `s${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'w' }));
    }
    writer.destroy();
    await seed.close();

    const store = new SlowLoadStore(path.join(data.dir, 'weboard.sqlite'), 800);
    const slow = await listen(await buildApp(config, { store }));
    cleanups.push(slow.close);
    // A raw client asks at once, before the load can have finished, and sends an empty state.
    const eager = openSocket(slow.wsUrl, board.id, board.tokens.editor);
    await eager.opened;
    const empty = new Y.Doc();
    eager.socket.send(Buffer.from([0, 0, 1, 0])); // sync step 1 with an empty state vector
    eager.socket.send(Buffer.from([0, 1, 2, 0, 0])); // sync step 2: an empty update
    const provider = await connectClient(slow.wsUrl, board.id, board.tokens.viewer, empty);
    cleanups.push(provider.destroy);
    expect(readItems(provider.doc)).toHaveLength(20);
    // The first thing the eager client got was the server's real state, not an empty one.
    await waitFor(() => eager.messages.some((m) => m[0] === 0 && m[1] === 1));
    const reply = eager.messages.find((m) => m[0] === 0 && m[1] === 1)!;
    const decoder = decoding.createDecoder(reply);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const fromServer = new Y.Doc();
    Y.applyUpdate(fromServer, decoding.readVarUint8Array(decoder));
    expect(readItems(fromServer)).toHaveLength(20);
    eager.socket.close();
  });

  it('holds edits in memory while writes fail: /healthz 503, a metric, retries until stored', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir, { FLUSH_INTERVAL_MS: '10' });
    const store = new BrokenDiskStore(path.join(data.dir, 'weboard.sqlite'));
    const server = await listen(await buildApp(config, { store }));
    const board = await createBoard(server.app);
    const editor = await connectClient(server.wsUrl, board.id, board.tokens.editor);
    store.broken = true;
    addItem(editor.doc, makeSticky({ id: 'held', x: 0, y: 0, z: 'a0', createdBy: 'e' }));
    await waitFor(() => server.app.sync.failingBoards === 1, 5000, 'the failure');
    const health = await server.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json().error.code).toBe('WB_ERR_STORAGE_UNAVAILABLE');
    const metrics = (await server.app.inject({ url: '/metrics' })).body;
    expect(
      sample(metrics, 'weboard_store_failures_total{operation="append"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'weboard_boards_failing_writes')).toBe(1);
    // The note held in memory only is what a crash now would lose: the board counts as unsaved.
    expect(sample(metrics, 'weboard_boards_unsaved')).toBe(1);

    store.broken = false;
    await waitFor(() => server.app.sync.failingBoards === 0, 15_000, 'the retry');
    expect((await server.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await waitFor(() => server.app.sync.unsavedBoards === 0, 5000, 'the note stored');
    expect(
      sample((await server.app.inject({ url: '/metrics' })).body, 'weboard_boards_unsaved'),
    ).toBe(0);
    editor.destroy();
    await server.close();
    const reopened = await startServer(config);
    cleanups.push(reopened.close);
    const reader = await connectClient(reopened.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(getItem(reader.doc, 'held')).not.toBeNull();
  });

  it('returns to its baseline memory once every client has left (boards are unloaded)', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const server = await startServer(testConfig(data.dir, { IDLE_UNLOAD_MS: '100' }));
    cleanups.push(server.close);
    const boards = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createBoard(server.app, `b${i}`)),
    );
    /** A big edit of one board, as bytes: the test keeps no document of its own in memory. */
    const bigUpdate = (round: number) => {
      const doc = new Y.Doc();
      doc.transact(() => {
        for (let i = 0; i < 600; i++) {
          addItem(
            doc,
            makeSticky({
              id: `r${round}-${i}`,
              x: i,
              y: 0,
              z: `a${i}`,
              createdBy: 'e',
              text: 'x'.repeat(200),
            }),
          );
        }
      });
      const update = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      return update;
    };
    const baseline = heapAfterGc();
    let peak = 0;
    for (let round = 0; round < 2; round++) {
      const sockets = [];
      for (const board of boards) {
        const socket = openSocket(server.wsUrl, board.id, board.tokens.editor);
        await socket.opened;
        socket.socket.send(updateFrame(bigUpdate(round)));
        sockets.push(socket);
      }
      await waitFor(() => server.app.sync.openBoards === 10);
      await waitForAsync(async () => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, await server.app.sync.stateOf(boards[9]!.id));
        return readItems(doc).length === 600 * (round + 1);
      });
      peak = Math.max(peak, heapAfterGc());
      for (const socket of sockets) socket.socket.close();
      // Each unload stores a board of megabytes: on a loaded 2-core machine (two busy loops beside
      // the suite) ten of them took over 10 s.
      await waitFor(() => server.app.sync.openBoards === 0, 60_000, 'every board to unload');
      expect(server.app.sync.connections).toBe(0);
    }
    const after = heapAfterGc();
    // The boards held megabytes while open; once everyone left, the heap is back near where it began.
    expect(peak - baseline).toBeGreaterThan(10 * 1024 * 1024);
    expect(after - baseline).toBeLessThan((peak - baseline) / 4);
  }, 150_000);
});
