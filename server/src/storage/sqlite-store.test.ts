import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteBoardStore } from './sqlite-store';

/** Applies stored updates to a fresh doc and returns the text of its `t` field. */
function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe('SqliteBoardStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const newFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weboard-store-'));
    dirs.push(dir);
    return path.join(dir, 'nested', 'weboard.sqlite');
  };

  it('appends, loads in order, compacts and survives a reopen', async () => {
    const file = newFile();
    const store = new SqliteBoardStore(file);
    const board = await store.createBoard({
      id: 'b1',
      title: 'Board',
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(board).toEqual({
      id: 'b1',
      title: 'Board',
      createdAt: '2024-01-01T00:00:00.000Z',
      generations: { facilitator: 0, editor: 0, viewer: 0 },
    });
    expect(await store.getBoard('missing')).toBeNull();
    expect(await store.loadBoardUpdates('b1')).toEqual([]);

    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (const word of ['one ', 'two ', 'three'])
      doc.getText('t').insert(doc.getText('t').length, word);

    const firstSeq = await store.appendUpdates('b1', updates.slice(0, 2));
    const lastSeq = await store.appendUpdates('b1', updates.slice(2));
    expect(lastSeq).toBeGreaterThan(firstSeq);
    expect(textOf(await store.loadBoardUpdates('b1'))).toBe('one two three');

    // Compact up to the first batch only: the later entry must survive and come after the state.
    const partial = new Y.Doc();
    Y.applyUpdate(partial, Y.mergeUpdates(updates.slice(0, 2)));
    await store.compact('b1', Y.encodeStateAsUpdate(partial), firstSeq);
    const afterCompaction = await store.loadBoardUpdates('b1');
    expect(afterCompaction).toHaveLength(2);
    expect(textOf(afterCompaction)).toBe('one two three');
    await store.close();

    const reopened = new SqliteBoardStore(file);
    expect(textOf(await reopened.loadBoardUpdates('b1'))).toBe('one two three');
    expect((await reopened.getBoard('b1'))?.title).toBe('Board');
    await reopened.ping();
    await reopened.close();
    await expect(reopened.ping()).rejects.toThrow();
  });

  it('stores a new board with its initial state, and snapshots', async () => {
    const store = new SqliteBoardStore(newFile());
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'initial');
    await store.createBoard({
      id: 'b2',
      title: 'B',
      createdAt: 'now',
      initialState: Y.encodeStateAsUpdate(doc),
    });
    const loaded = await store.loadBoardUpdates('b2');
    expect(loaded).toHaveLength(1);
    expect(textOf(loaded)).toBe('initial');

    const record = {
      id: 's1',
      boardId: 'b2',
      name: 'first',
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    await store.saveSnapshot(record, Y.encodeStateAsUpdate(doc));
    expect(await store.listSnapshots('b2')).toEqual([record]);
    const snapshot = await store.getSnapshot('b2', 's1');
    expect(snapshot?.record).toEqual(record);
    expect(textOf([snapshot!.state])).toBe('initial');
    expect(await store.getSnapshot('b1', 's1')).toBeNull();
    await store.close();
  });

  it('refuses updates for a board that does not exist', async () => {
    const store = new SqliteBoardStore(newFile());
    await expect(store.appendUpdates('ghost', [new Uint8Array([0, 0])])).rejects.toThrow();
    await store.close();
  });
});
