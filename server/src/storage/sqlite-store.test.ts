import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeBoardStoreContract } from './board-store.contract';
import { SqliteBoardStore } from './sqlite-store';

describeBoardStoreContract('SqliteBoardStore', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weboard-store-'));
  // A nested path: the store creates missing directories.
  const file = path.join(dir, 'nested', 'weboard.sqlite');
  return {
    open: () => new SqliteBoardStore(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

/** A document and the updates it has made so far, in order. */
function recorded(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

/** A recorded document's text 't'. */
function recordedText(): { text: Y.Text; updates: Uint8Array[] } {
  const { doc, updates } = recorded();
  return { text: doc.getText('t'), updates };
}

describe('SqliteBoardStore in its worker thread', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const openStore = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weboard-store-'));
    const store = new SqliteBoardStore(path.join(dir, 'weboard.sqlite'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => store.close());
    return store;
  };

  it('compacts the stored log up to a sequence number by itself, keeping later entries and dropping deleted content', async () => {
    const store = openStore();
    await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
    const { text, updates } = recordedText();
    text.insert(0, 'x'.repeat(50_000));
    text.delete(0, 50_000);
    text.insert(0, 'kept ');
    const upto = await store.appendUpdates('b', updates.splice(0));
    text.insert(text.length, 'later');
    await store.appendUpdates('b', updates.splice(0));

    const stateBytes = await store.compactStored('b', upto);
    const stored = await store.loadBoardUpdates('b');
    expect(stored).toHaveLength(2);
    expect(stored[0]!.byteLength).toBe(stateBytes);
    // The deleted 50 000 characters are garbage-collected out of the state.
    expect(stateBytes).toBeLessThan(1000);
    const loaded = new Y.Doc();
    for (const update of stored) Y.applyUpdate(loaded, update);
    expect(loaded.getText('t').toString()).toBe('kept later');
    // Compacting up to where it already is changes nothing.
    expect(await store.compactStored('b', upto)).toBe(stateBytes);
    expect(await store.loadBoardUpdates('b')).toHaveLength(2);
  });

  it("stores several boards' group commits of one turn together, each on its own", async () => {
    const store = openStore();
    for (const id of ['a', 'b', 'c'])
      await store.createBoard({ id, title: id.toUpperCase(), createdAt: 'now' });
    const update = (text: string) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, text);
      return Y.encodeStateAsUpdate(doc);
    };
    // Made in one turn: one message to the worker, one SQLite transaction for the boards there.
    const results = await Promise.allSettled(
      ['a', 'missing', 'b', 'c'].map((id) =>
        store.appendUpdates(id, [update(`${id} 1`), update(`${id} 2`)], { mergeSmall: true }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    for (const id of ['a', 'b', 'c']) {
      const loaded = new Y.Doc();
      for (const stored of await store.loadBoardUpdates(id)) Y.applyUpdate(loaded, stored);
      expect(loaded.getText('t').toString()).toMatch(new RegExp(`^${id} [12]${id} [12]$`));
    }
    expect(await store.loadBoardUpdates('missing')).toEqual([]);
  });

  it('stores a run of small updates as one row of them side by side, loaded and compacted whole, also in a file from before rows held several', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weboard-store-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'weboard.sqlite');
    const { text, updates } = recordedText();
    for (const word of ['old ', 'a ', 'run ', 'of ', 'small ', 'ones'])
      text.insert(text.length, word);
    // The log as an older version left it: no lengths column, one update per row.
    const old = new Database(file);
    old.exec(`CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL,
        facilitator_gen INTEGER NOT NULL DEFAULT 0, editor_gen INTEGER NOT NULL DEFAULT 0,
        viewer_gen INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE board_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE, data BLOB NOT NULL);`);
    old.prepare('INSERT INTO boards (id, title, created_at) VALUES (?, ?, ?)').run('b', 'B', 'now');
    old.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)').run('b', updates[0]);
    old.close();

    const store = new SqliteBoardStore(file);
    cleanups.push(() => store.close());
    const upto = await store.appendUpdates('b', updates.slice(1), { mergeSmall: true });
    // One update per row: the old one as it was, the run's merged (off the event loop).
    const stored = await store.loadBoardUpdates('b');
    expect(stored).toHaveLength(2);
    expect(stored[0]).toEqual(updates[0]);
    const fromLog = new Y.Doc();
    for (const update of stored) Y.applyUpdate(fromLog, update);
    expect(fromLog.getText('t').toString()).toBe('old a run of small ones');
    const reader = new Database(file, { readonly: true });
    const rows = reader.prepare('SELECT count(*) AS n FROM board_updates').get() as { n: number };
    reader.close();
    expect(rows.n).toBe(2);
    await store.compactStored('b', upto);
    const loaded = new Y.Doc();
    for (const update of await store.loadBoardUpdates('b')) Y.applyUpdate(loaded, update);
    expect(loaded.getText('t').toString()).toBe('old a run of small ones');
  });

  it('stores the runs of a batch around a big update each as their own bytes, wherever they sit in the packed batch', async () => {
    const store = openStore();
    await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
    const { text, updates } = recordedText();
    const words = ['a ', 'b ', 'c ', 'x'.repeat(100_000), ' d', ' e', ' f'];
    for (const word of words) text.insert(text.length, word);
    // Three small ones (one row), the big one (a row of its own, past 64 KB), three small ones:
    // the last two rows start inside the buffer the batch travels to the worker in.
    await store.appendUpdates('b', updates, { mergeSmall: true });
    const stored = await store.loadBoardUpdates('b');
    expect(stored).toHaveLength(3);
    expect(stored[1]).toEqual(updates[3]);
    const loaded = new Y.Doc();
    for (const update of stored) Y.applyUpdate(loaded, update);
    expect(loaded.getText('t').toString()).toBe(words.join(''));
  });

  it('keeps the event loop turning while it compacts a big board', async () => {
    const store = openStore();
    await store.createBoard({ id: 'big', title: 'Big', createdAt: 'now' });
    const { doc, updates } = recorded();
    const items = doc.getMap('items');
    doc.transact(() => {
      for (let i = 0; i < 5000; i++) items.set(`i${i}`, { x: i, text: 'note '.repeat(10) });
    });
    const upto = await store.appendUpdates('big', updates);
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns += 1;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    await store.compactStored('big', upto);
    counting = false;
    // Run on this thread the compaction would have resolved without a single turn in between.
    expect(turns).toBeGreaterThan(1);
    expect(await store.loadBoardUpdates('big')).toHaveLength(1);
  });

  it.skipIf(process.platform !== 'linux')(
    'runs SQLite at the lowest scheduling priority, in its own thread only',
    async () => {
      /** Niceness of each thread of this process, by thread id (field 19 of its stat). */
      const niceness = () =>
        new Map(
          readdirSync('/proc/self/task').map((tid) => {
            const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
            return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
          }),
        );
      const before = niceness();
      const store = openStore();
      await store.ping();
      const own = getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()));
      const after = niceness();
      const started = [...after].filter(([tid]) => !before.has(tid));
      // The worker's thread (the only one a store starts) runs at niceness 19 ...
      expect(started.map(([, nice]) => nice)).toContain(19);
      // ... and nothing else changed: not this thread, not the process's other threads.
      expect(getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()))).toBe(own);
      for (const [tid, nice] of before) if (after.has(tid)) expect(after.get(tid)).toBe(nice);
    },
  );

  it('answers every call with the error when the file cannot be opened, and starts again after its worker dies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weboard-store-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // A regular file where the directory should be.
    writeFileSync(path.join(dir, 'blocked'), '');
    const broken = new SqliteBoardStore(path.join(dir, 'blocked', 'weboard.sqlite'));
    cleanups.push(() => broken.close());
    await expect(broken.ping()).rejects.toThrow(/EEXIST|ENOTDIR/);
    await expect(broken.getBoard('b')).rejects.toThrow();

    const store = openStore();
    await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
    // A crash of the worker (here: stopped from outside) fails what was asked of it ...
    const worker = (store as unknown as { worker: Worker }).worker;
    // Asked after the stop was requested, so the worker can never answer it first.
    const stopped = worker.terminate();
    const ping = store.ping();
    await stopped;
    await expect(ping).rejects.toThrow(/storage worker stopped/);
    // ... and the next call gets a new one on the same file.
    expect((await store.getBoard('b'))?.title).toBe('B');
  });
});
