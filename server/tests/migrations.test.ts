import path from 'node:path';
import { getItem, metaMap, SCHEMA_VERSION } from '@weboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_V1_BASE64 } from '../../shared/src/doc/migrations/fixtures/board-v1';
import { SqliteBoardStore } from '../src/storage/sqlite-store';
import { connectClient, createBoard, startServer, tempDir, testConfig, waitFor } from './helpers';

describe('board migrations on load', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a board stored by WeBoard 1 is migrated when its room loads, sent to clients and stored', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const config = testConfig(data.dir, { FLUSH_INTERVAL_MS: '10' });
    const first = await startServer(config);
    const board = await createBoard(first.app, 'Old board');
    await first.close();

    // The board's stored state replaced by the frozen version-1 fixture, as an old server left it.
    const file = path.join(data.dir, 'weboard.sqlite');
    const store = new SqliteBoardStore(file);
    const v1 = Buffer.from(BOARD_V1_BASE64, 'base64');
    await store.compact(board.id, v1, await store.appendUpdates(board.id, [v1]));
    await store.close();

    const second = await startServer(config);
    const reader = await connectClient(second.wsUrl, board.id, board.tokens.viewer);
    // The stored bytes may reach the client before the server has decoded (and migrated) them.
    await waitFor(() => metaMap(reader.doc).get('schemaVersion') === SCHEMA_VERSION, 5000, 'v2');
    expect(getItem(reader.doc, 'bare')).toMatchObject({ rotation: 0, createdAt: 0 });
    reader.destroy();
    await second.close();

    const after = new SqliteBoardStore(file);
    const doc = new Y.Doc();
    for (const update of await after.loadBoardUpdates(board.id)) Y.applyUpdate(doc, update);
    await after.close();
    expect(metaMap(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(getItem(doc, 'bare')).toMatchObject({ rotation: 0 });
  });
});
