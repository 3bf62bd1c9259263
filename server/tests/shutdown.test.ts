import path from 'node:path';
import { addItem, getItem, makeSticky } from '@weboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildApp } from '../src/app';
import { closeBefore } from '../src/shutdown';
import { SqliteBoardStore } from '../src/storage/sqlite-store';
import {
  connectClient,
  createBoard,
  storedBoard,
  tempDir,
  testConfig,
  waitFor,
  waitForAsync,
} from './helpers';

/** The real SQLite store with one operation that does not answer while `holding` (a hung disk). */
class HoldingStore extends SqliteBoardStore {
  /** Which operation is held; calls of it wait from then on until `release`. */
  hold: 'append' | 'compaction' | null = null;
  /** While true, every append fails (a full disk); `failures` counts them. */
  failing = false;
  failures = 0;
  /** Whether a held call is waiting. */
  holding = false;
  /** Whether close() has finished. */
  shut = false;
  release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  private async wait(operation: HoldingStore['hold']): Promise<void> {
    if (this.hold !== operation) return;
    this.holding = true;
    await this.released;
  }

  override async appendUpdates(
    ...args: Parameters<SqliteBoardStore['appendUpdates']>
  ): Promise<number> {
    await this.wait('append');
    if (this.failing) {
      this.failures += 1;
      throw new Error('disk full');
    }
    return super.appendUpdates(...args);
  }

  override async compactStored(id: string, uptoSeq: number): Promise<number> {
    await this.wait('compaction');
    return super.compactStored(id, uptoSeq);
  }

  override async close(): Promise<void> {
    await super.close();
    this.shut = true;
  }
}

describe('shutdown', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A server on a HoldingStore and a board an editor (still connected) wrote a note to. */
  async function editedBoard(env: Record<string, string>) {
    const data = tempDir();
    cleanups.push(data.remove);
    const store = new HoldingStore(path.join(data.dir, 'weboard.sqlite'));
    const app = await buildApp(testConfig(data.dir, env), { store });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // Whatever a test held is let go, and the close it started ends, before the files go.
    cleanups.push(async () => {
      store.release();
      await waitFor(() => store.shut, 10_000, 'the store to close');
    });
    const board = await createBoard(app);
    const editor = await connectClient(`ws://127.0.0.1:${port}`, board.id, board.tokens.editor);
    cleanups.push(editor.destroy);
    addItem(editor.doc, makeSticky({ id: 'note', x: 0, y: 0, z: 'a0', createdBy: 'e' }));
    await waitForAsync(async () => {
      const held = new Y.Doc();
      Y.applyUpdate(held, await app.sync.stateOf(board.id));
      return getItem(held, 'note') !== null;
    });
    return { app, store, board, dataDir: data.dir };
  }

  it('gives up at the deadline when storage does not answer, saying a board is not stored', async () => {
    // A long window: the note is written by the shutdown, whose write never ends.
    const { app, store } = await editedBoard({ FLUSH_INTERVAL_MS: '60000' });
    store.hold = 'append';
    const deadline = new Promise<void>((resolve) =>
      waitFor(() => store.holding, 10_000, 'the write').then(resolve),
    );
    expect(await closeBefore(app, deadline)).toEqual({ outcome: 'timed out' });
    expect(app.sync.storedOnShutdown).toBe(false);
    expect(app.sync.unsavedBoards).toBe(1);
  });

  it('keeps trying to store a board while storage fails, and stores it once storage is back', async () => {
    const { app, store, board, dataDir } = await editedBoard({ FLUSH_INTERVAL_MS: '60000' });
    store.failing = true;
    // The deadline comes after the shutdown's second failed write: the board is not given up.
    const deadline = new Promise<void>((resolve) =>
      waitFor(() => store.failures >= 2, 10_000, 'two failed writes').then(resolve),
    );
    const closing = closeBefore(app, deadline);
    expect(await closing).toEqual({ outcome: 'timed out' });
    expect(app.sync.unsavedBoards).toBe(1);
    // The disk is back: the next try stores the note and the shutdown ends.
    store.failing = false;
    await waitFor(() => store.shut, 10_000, 'the store to close');
    expect(getItem(storedBoard(dataDir, board.id), 'note')).not.toBeNull();
  });

  it('counts a shutdown whose deadline came during compaction as stored: every edit is', async () => {
    const { app, store, board, dataDir } = await editedBoard({ FLUSH_INTERVAL_MS: '10' });
    // Stored by a group commit: the log now holds two entries, which the shutdown compacts.
    await waitFor(() => getItem(storedBoard(dataDir, board.id), 'note') !== null);
    store.hold = 'compaction';
    const deadline = new Promise<void>((resolve) =>
      waitFor(() => store.holding, 10_000, 'the compaction').then(resolve),
    );
    expect(await closeBefore(app, deadline)).toEqual({ outcome: 'stored' });
    expect(app.sync.unsavedBoards).toBe(0);
    // Let go, the compaction ends and so does the shutdown: the board is one merged state.
    store.release();
    await waitFor(() => store.shut, 10_000, 'the store to close');
    const reopened = new SqliteBoardStore(path.join(dataDir, 'weboard.sqlite'));
    cleanups.push(() => reopened.close());
    const stored = await reopened.loadBoardUpdates(board.id);
    expect(stored).toHaveLength(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored[0]!);
    expect(getItem(doc, 'note')).not.toBeNull();
  });
});
