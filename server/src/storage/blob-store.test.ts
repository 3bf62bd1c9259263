import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardStore } from './board-store';
import { PostgresBoardStore } from './postgres-store';
import { SqliteBoardStore } from './sqlite-store';
import { testDatabaseUrl } from './test-database';

/** Each store keeps images the same way: once per hash, readable only by the boards that use them. */
describe.each([
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'weboard-blobs-'));
      const file = path.join(dir, 'weboard.sqlite');
      return {
        open: (): BoardStore => new SqliteBoardStore(file),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'PostgreSQL',
    () => {
      const schema = `wb_test_${randomBytes(6).toString('hex')}`;
      const open = () => new PostgresBoardStore({ connectionString: testDatabaseUrl(), schema });
      return {
        open: (): BoardStore => open(),
        cleanup: async () => {
          const store = open();
          await store.dropSchema();
          await store.close();
        },
      };
    },
  ],
])('%s blob store', (_name, setup) => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('stores bytes once by hash, per board, and keeps them across a reopen', async () => {
    const { open, cleanup } = setup();
    cleanups.push(cleanup);
    let store = open();
    await store.createBoard({ id: 'a', title: 'A', createdAt: 'now' });
    await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
    const bytes = new Uint8Array(randomBytes(300_000));
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.blobs.putBlob('a', { hash, type: 'image/png', bytes });
    await store.blobs.putBlob('a', { hash, type: 'image/png', bytes });
    expect(await store.blobs.getBlob('b', hash)).toBeNull();
    await store.close();

    store = open();
    cleanups.push(() => store.close());
    const read = await store.blobs.getBlob('a', hash);
    expect(read?.type).toBe('image/png');
    expect(Buffer.from(read!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.blobs.getBlob('b', hash)).toBeNull();
    // Another board storing the same bytes links to the same blob.
    await store.blobs.putBlob('b', { hash, type: 'image/png', bytes });
    expect((await store.blobs.getBlob('b', hash))?.hash).toBe(hash);
  });

  it('links a stored blob to another board, once, and refuses an unknown hash', async () => {
    const { open, cleanup } = setup();
    cleanups.push(cleanup);
    const store = open();
    cleanups.push(() => store.close());
    await store.createBoard({ id: 'a', title: 'A', createdAt: 'now' });
    await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
    const bytes = new Uint8Array(randomBytes(1000));
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.blobs.putBlob('a', { hash, type: 'image/gif', bytes });

    expect(await store.blobs.linkBlob('b', hash)).toBe(true);
    expect(await store.blobs.linkBlob('b', hash)).toBe(true);
    const read = await store.blobs.getBlob('b', hash);
    expect(read?.type).toBe('image/gif');
    expect(Buffer.from(read!.bytes).equals(Buffer.from(bytes))).toBe(true);

    const unknown = createHash('sha256').update('nothing stored').digest('hex');
    expect(await store.blobs.linkBlob('b', unknown)).toBe(false);
    expect(await store.blobs.getBlob('b', unknown)).toBeNull();
  });
});
