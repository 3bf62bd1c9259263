import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardStore } from './board-store';

/** Applies stored updates to a fresh doc and returns the text of its `t` field. */
function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

/**
 * One empty storage for one test: `open()` opens a store on it (again, after a close, to test a
 * reopen); `cleanup` removes everything the test created.
 */
export interface StoreHarness {
  open(): BoardStore;
  cleanup(): Promise<void>;
}

/** The behaviour every `BoardStore` implementation must have; run once per implementation. */
export function describeBoardStoreContract(name: string, harness: () => StoreHarness): void {
  describe(`${name} (BoardStore contract)`, () => {
    const harnesses: StoreHarness[] = [];
    afterEach(async () => {
      for (const used of harnesses.splice(0)) await used.cleanup();
    });
    const newStorage = () => {
      const current = harness();
      harnesses.push(current);
      return current;
    };

    it('appends, loads in order, compacts and survives a reopen', async () => {
      const { open } = newStorage();
      const store = open();
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

      const reopened = open();
      expect(textOf(await reopened.loadBoardUpdates('b1'))).toBe('one two three');
      expect((await reopened.getBoard('b1'))?.title).toBe('Board');
      await reopened.ping();
      await reopened.close();
      await expect(reopened.ping()).rejects.toThrow();
    });

    it('stores a new board with its initial state, and snapshots', async () => {
      const { open } = newStorage();
      const store = open();
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
        kind: 'named' as const,
        author: 'Ann',
        createdAt: '2024-01-01T00:00:00.000Z',
      };
      await store.saveSnapshot(record, Y.encodeStateAsUpdate(doc));
      expect(await store.listSnapshots('b2')).toEqual([{ ...record, hasThumbnail: false }]);
      const snapshot = await store.getSnapshot('b2', 's1');
      expect(snapshot?.record).toEqual({ ...record, hasThumbnail: false });
      expect(textOf([snapshot!.state])).toBe('initial');
      expect(await store.getSnapshot('b1', 's1')).toBeNull();
      await store.close();
    });

    it('lists snapshots newest first, keeps thumbnails, deletes and prunes automatic ones', async () => {
      const store = newStorage().open();
      await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
      const state = Y.encodeStateAsUpdate(new Y.Doc());
      const save = (id: string, kind: 'named' | 'auto', minute: number, thumbnail?: Uint8Array) =>
        store.saveSnapshot(
          {
            id,
            boardId: 'b',
            name: id,
            kind,
            author: '',
            createdAt: `2024-01-01T00:0${minute}:00.000Z`,
          },
          state,
          thumbnail,
        );
      await save('n1', 'named', 1, new Uint8Array([137, 80]));
      await save('a1', 'auto', 2);
      await save('a2', 'auto', 3);
      await save('a3', 'auto', 4);
      // Same time: the one saved later is newer.
      await save('a4', 'auto', 4);
      expect((await store.listSnapshots('b')).map((s) => s.id)).toEqual([
        'a4',
        'a3',
        'a2',
        'a1',
        'n1',
      ]);
      expect((await store.listSnapshots('b')).map((s) => s.hasThumbnail)).toEqual([
        false,
        false,
        false,
        false,
        true,
      ]);
      expect([...((await store.getSnapshotThumbnail('b', 'n1')) ?? [])]).toEqual([137, 80]);
      expect(await store.getSnapshotThumbnail('b', 'a1')).toBeNull();
      await store.pruneAutoSnapshots('b', 2);
      expect((await store.listSnapshots('b')).map((s) => s.id)).toEqual(['a4', 'a3', 'n1']);
      expect(await store.deleteSnapshot('b', 'n1')).toBe(true);
      expect(await store.deleteSnapshot('b', 'n1')).toBe(false);
      expect((await store.listSnapshots('b')).map((s) => s.id)).toEqual(['a4', 'a3']);
      await store.close();
    });

    it('rotates one role generation at a time', async () => {
      const store = newStorage().open();
      await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
      const rotated = await store.rotateGeneration('b', 'editor');
      expect(rotated?.generations).toEqual({ facilitator: 0, editor: 1, viewer: 0 });
      expect((await store.getBoard('b'))?.generations.editor).toBe(1);
      expect(await store.rotateGeneration('ghost', 'viewer')).toBeNull();
      await store.close();
    });

    it('keeps hidden-vote ballots per voter across a reopen, and empties them keeping secrets', async () => {
      const { open } = newStorage();
      let store = open();
      await store.createBoard({ id: 'v', title: 'V', createdAt: 'now' });
      await store.createBoard({ id: 'w', title: 'W', createdAt: 'now' });
      const secret = new Uint8Array(32).fill(7);
      await store.saveBallot('v', {
        userId: 'ann',
        sessionId: 's1',
        secretHash: secret,
        votes: { a: 2 },
      });
      await store.saveBallot('v', { userId: 'bo', sessionId: 's1', secretHash: secret, votes: {} });
      await store.saveBallot('v', {
        userId: 'ann',
        sessionId: 's1',
        secretHash: secret,
        votes: { a: 1, b: 1 },
      });
      await store.close();
      store = open();
      const byUser = (ballots: Awaited<ReturnType<typeof store.loadBallots>>) =>
        Object.fromEntries(ballots.map((b) => [b.userId, b]));
      const stored = byUser(await store.loadBallots('v'));
      expect(Object.keys(stored).sort()).toEqual(['ann', 'bo']);
      expect(stored.ann).toMatchObject({ sessionId: 's1', votes: { a: 1, b: 1 } });
      expect([...stored.ann!.secretHash]).toEqual([...secret]);
      expect(await store.loadBallots('w')).toEqual([]);
      await store.clearBallots('v');
      const cleared = byUser(await store.loadBallots('v'));
      expect(cleared.ann).toMatchObject({ sessionId: '', votes: {} });
      expect([...cleared.ann!.secretHash]).toEqual([...secret]);
      await store.close();
    });

    it('refuses updates for a board that does not exist', async () => {
      const { open } = newStorage();
      const store = open();
      await expect(store.appendUpdates('ghost', [new Uint8Array([0, 0])])).rejects.toThrow();
      await store.close();
    });

    it('keeps boards apart and round-trips large updates byte for byte', async () => {
      const store = newStorage().open();
      await store.createBoard({ id: 'a', title: 'A', createdAt: 'now' });
      await store.createBoard({ id: 'b', title: 'B', createdAt: 'now' });
      const big = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7919) % 256);
      await store.appendUpdates('a', [big, new Uint8Array([1, 2, 3])]);
      await store.appendUpdates('b', [new Uint8Array([9])]);
      const a = await store.loadBoardUpdates('a');
      expect(a).toHaveLength(2);
      expect(Buffer.from(a[0]!).equals(Buffer.from(big))).toBe(true);
      expect([...a[1]!]).toEqual([1, 2, 3]);
      expect((await store.loadBoardUpdates('b')).map((u) => [...u])).toEqual([[9]]);
      await expect(
        store.createBoard({ id: 'a', title: 'again', createdAt: 'now' }),
      ).rejects.toThrow();
      expect((await store.getBoard('a'))?.title).toBe('A');
      await store.close();
    });

    it('keeps the order of concurrent appends and never loses one', async () => {
      const store = newStorage().open();
      await store.createBoard({ id: 'c', title: 'C', createdAt: 'now' });
      const seqs = await Promise.all(
        Array.from({ length: 40 }, (_, i) => store.appendUpdates('c', [new Uint8Array([i])])),
      );
      expect(new Set(seqs).size).toBe(40);
      const loaded = await store.loadBoardUpdates('c');
      // Storage order is the order of the sequence numbers it handed out.
      const bySeq = seqs.map((seq, i) => ({ seq, i })).sort((x, y) => x.seq - y.seq);
      expect(loaded.map((u) => u[0])).toEqual(bySeq.map((entry) => entry.i));
      await store.close();
    });

    it('keeps personal grants per board until they are revoked, across a reopen', async () => {
      const { open } = newStorage();
      let store = open();
      await store.createBoard({ id: 'g', title: 'G', createdAt: 'now' });
      await store.createBoard({ id: 'h', title: 'H', createdAt: 'now' });
      const first = {
        id: 'grant-1',
        boardId: 'g',
        role: 'facilitator' as const,
        name: 'Ada',
        grantedBy: 'Grace',
        createdAt: '2024-01-01T00:00:00.000Z',
      };
      await store.createGrant(first);
      await store.createGrant({
        ...first,
        id: 'grant-2',
        name: 'Lin',
        createdAt: '2024-01-02T00:00:00.000Z',
      });
      expect((await store.listGrants('g')).map((g) => g.name)).toEqual(['Ada', 'Lin']);
      expect(await store.listGrants('h')).toEqual([]);
      expect(await store.getGrant('h', 'grant-1')).toBeNull();

      expect(await store.revokeGrant('g', 'grant-1', '2024-01-03T00:00:00.000Z')).toBe(true);
      expect(await store.revokeGrant('g', 'grant-1', '2024-01-04T00:00:00.000Z')).toBe(false);
      expect(await store.revokeGrant('h', 'grant-2', '2024-01-04T00:00:00.000Z')).toBe(false);
      await store.close();

      store = open();
      expect(await store.getGrant('g', 'grant-1')).toEqual({
        ...first,
        revokedAt: '2024-01-03T00:00:00.000Z',
      });
      expect((await store.listGrants('g')).map((g) => g.id)).toEqual(['grant-2']);
      await store.close();
    });
  });
}
