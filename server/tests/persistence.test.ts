import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addItem, getItem, makeSticky, readItems, updateItem } from '@weboard/shared';
import type { CreateBoardResponse, Role } from '@weboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Config } from '../src/config';
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
  waitForAsync,
  withTokens,
} from './helpers';
import type { TestBoard } from './helpers';
import { openSocket, updateFrame } from './raw';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('persistence', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Starts a server on `config` and connects a client to the board: its document once synced. */
  async function restartAndOpen(config: Config, board: TestBoard, role: Role) {
    const server = await startServer(config);
    cleanups.push(server.close);
    const client = await connectClient(server.wsUrl, board.id, board.tokens[role]);
    cleanups.push(client.destroy);
    return { server, doc: client.doc };
  }

  it('keeps every change across a restart with the same DATA_DIR, compacting the log', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir, { COMPACT_AFTER_UPDATES: '3', FLUSH_INTERVAL_MS: '10' });

    const first = await startServer(config);
    const board = await createBoard(first.app, 'Survivor');
    const editor = await connectClient(first.wsUrl, board.id, board.tokens.editor);
    for (let i = 0; i < 6; i++) {
      addItem(
        editor.doc,
        makeSticky({ id: `s${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'e', text: `note ${i}` }),
      );
      // Separate flush windows, so the log grows past the compaction threshold.
      await sleep(30);
    }
    // Closed right away: the last update is still in flight when the server shuts down.
    updateItem(editor.doc, 's0', { x: 500, text: 'moved' });
    editor.destroy();
    await first.close();

    const store = new SqliteBoardStore(path.join(data.dir, 'weboard.sqlite'));
    const stored = await store.loadBoardUpdates(board.id);
    await store.close();
    expect(stored.length).toBeLessThanOrEqual(4);

    const second = await startServer(config);
    cleanups.push(second.close);
    const reader = await connectClient(second.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(readItems(reader.doc)).toHaveLength(6);
    expect(getItem(reader.doc, 's0')).toMatchObject({ x: 500, text: 'moved' });
    expect(reader.doc.getMap('meta').get('title')).toBe('Survivor');
    const info = await second.app.inject({
      url: `/api/boards/${board.id}`,
      headers: { authorization: `Bearer ${board.tokens.editor}` },
    });
    expect(info.json()).toMatchObject({ id: board.id, title: 'Survivor', role: 'editor' });
  });

  it('stores a session as one merged state on shutdown and serves it to fresh and returning clients', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    // Far above the session's entry count: only the shutdown compacts.
    const config = testConfig(data.dir, { COMPACT_AFTER_UPDATES: '1000', FLUSH_INTERVAL_MS: '5' });
    const first = await startServer(config);
    const board = await createBoard(first.app, 'History');
    const editor = await connectClient(first.wsUrl, board.id, board.tokens.editor);
    for (let i = 0; i < 5; i++) {
      addItem(editor.doc, makeSticky({ id: `h${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'e' }));
      await sleep(20);
    }
    for (let i = 0; i < 20; i++) {
      updateItem(editor.doc, `h${i % 5}`, { x: 100 + i });
      await sleep(10);
    }
    await waitFor(() => getItem(editor.doc, 'h4')?.x === 119);
    await first.close();
    editor.destroy();

    const store = new SqliteBoardStore(path.join(data.dir, 'weboard.sqlite'));
    expect(await store.loadBoardUpdates(board.id)).toHaveLength(1);
    await store.close();

    // A client with nothing gets the stored state as it is; one with an old copy gets the rest.
    const { server: second, doc: fresh } = await restartAndOpen(config, board, 'editor');
    expect(readItems(fresh)).toHaveLength(5);
    expect(getItem(fresh, 'h4')?.x).toBe(119);
    updateItem(fresh, 'h0', { x: -1 });
    const late = await connectClient(second.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(late.destroy);
    await waitFor(() => getItem(late.doc, 'h0')?.x === -1);
    expect(readItems(late.doc)).toHaveLength(5);
  });

  it('keeps the changes of a client that sent them and left while its board was loading, through a shutdown', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir);
    const first = await startServer(config);
    const board = await createBoard(first.app, 'Slow to load');
    // A board big enough that loading it takes a while after a restart.
    const seed = await connectClient(first.wsUrl, board.id, board.tokens.editor);
    seed.doc.transact(() => {
      for (let i = 0; i < 4000; i++) {
        addItem(
          seed.doc,
          makeSticky({ id: `b${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'e', text: 'x'.repeat(40) }),
        );
      }
    });
    await waitForAsync(async () => {
      const held = new Y.Doc();
      Y.applyUpdate(held, await first.app.sync.stateOf(board.id));
      return readItems(held).length === 4000;
    }, 20_000);
    seed.destroy();
    await first.close();

    const second = await startServer(config);
    const late = new Y.Doc();
    addItem(late, makeSticky({ id: 'late', x: 1, y: 2, z: 'z0', createdBy: 'w' }));
    const writer = openSocket(second.wsUrl, board.id, board.tokens.editor);
    await writer.opened;
    writer.socket.send(updateFrame(Y.encodeStateAsUpdate(late)));
    writer.socket.close();
    // The writer is gone and the server stops while the board is still loading (its frames
    // are queued): nobody is connected for the shutdown to wait for.
    await waitFor(() => second.app.sync.connections === 0);
    await second.close();

    const reader = await restartAndOpen(config, board, 'viewer');
    expect(readItems(reader.doc)).toHaveLength(4001);
    expect(getItem(reader.doc, 'late')).toMatchObject({ x: 1, y: 2 });
  });

  it('keeps what a group commit stored before a kill -9', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: data.dir,
      LOG_LEVEL: 'warn',
    };

    const launch = async (): Promise<ChildProcess> => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: SERVER_DIR,
        env,
        stdio: 'ignore',
      });
      cleanups.push(() => child.kill('SIGKILL'));
      await waitFor(() => child.exitCode === null, 100);
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          if ((await fetch(`${base}/healthz`)).ok) return child;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error('server did not start');
        await sleep(100);
      }
    };

    const first = await launch();
    const response = await fetch(`${base}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Crash test' }),
    });
    expect(response.status).toBe(201);
    const board = withTokens((await response.json()) as CreateBoardResponse);

    const editor = await connectClient(`ws://127.0.0.1:${port}`, board.id, board.tokens.editor);
    addItem(
      editor.doc,
      makeSticky({ id: 'kept', x: 1, y: 2, z: 'a0', createdBy: 'e', text: 'before the crash' }),
    );
    updateItem(editor.doc, 'kept', { x: 42 });
    // A group commit stores both: wait until the file holds them, not a guessed time.
    await waitFor(
      () => getItem(storedBoard(data.dir, board.id), 'kept')?.x === 42,
      10_000,
      'the edits stored',
    );

    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;
    // The writer goes away with the server, so nothing can be re-sent from its copy on reconnect.
    editor.destroy();

    await launch();
    const reader = await connectClient(`ws://127.0.0.1:${port}`, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    expect(getItem(reader.doc, 'kept')).toMatchObject({ x: 42, text: 'before the crash' });
    expect(reader.doc.getMap('meta').get('title')).toBe('Crash test');
    // Two launches of the server from source (tsx), each allowed 20 s on a loaded machine.
  }, 60_000);
});
