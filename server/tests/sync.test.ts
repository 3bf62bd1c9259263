import {
  CloseCode,
  addItem,
  getItem,
  itemsMap,
  makeSticky,
  readItems,
  updateItem,
} from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  connectClient,
  createBoard,
  rawClient,
  startServer,
  tempDir,
  testConfig,
  waitFor,
} from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

describe('sync', () => {
  const data = tempDir();
  let server: TestServer;
  let board: TestBoard;
  const clients: TestClient[] = [];
  const connect = async (token: string, boardId = board.id) => {
    const client = await connectClient(server.wsUrl, boardId, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
    board = await createBoard(server.app, 'Sync board');
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.close();
    data.remove();
  });

  it('makes two editors converge on create, move and text edits', async () => {
    const alice = await connect(board.tokens.editor);
    const bob = await connect(board.tokens.editor);
    addItem(
      alice.doc,
      makeSticky({ id: 's1', x: 10, y: 20, z: 'a0', createdBy: 'alice', text: 'hello' }),
    );
    await waitFor(() => getItem(bob.doc, 's1') !== null, 5000, 'sticky to reach bob');
    expect(getItem(bob.doc, 's1')).toMatchObject({ x: 10, y: 20, text: 'hello' });

    updateItem(bob.doc, 's1', { x: 300, text: 'hello world' });
    await waitFor(() => getItem(alice.doc, 's1')?.x === 300, 5000, 'move to reach alice');
    expect(getItem(alice.doc, 's1')).toMatchObject({ text: 'hello world' });
  });

  it('relays changes of every frame size (short, 16-bit and 64-bit lengths) intact to each receiver', async () => {
    const own = await createBoard(server.app, 'Frame sizes');
    const writer = await connect(own.tokens.editor, own.id);
    const readers = [
      await connect(own.tokens.editor, own.id),
      await connect(own.tokens.viewer, own.id),
    ];
    // Each reader keeps its socket: a frame it could not read would close it, and the provider's
    // reconnect would sync everything anyway.
    const sockets = readers.map((reader) => reader.provider.ws);
    // About 40 bytes, about 2 KB and about 80 KB of update: each length form of a websocket frame.
    addItem(writer.doc, makeSticky({ id: 'small', x: 0, y: 0, z: 'a0', createdBy: 'w' }));
    addItem(
      writer.doc,
      makeSticky({ id: 'medium', x: 0, y: 0, z: 'a1', createdBy: 'w', text: 'm'.repeat(2000) }),
    );
    writer.doc.transact(() => {
      for (let i = 0; i < 8; i++)
        addItem(
          writer.doc,
          makeSticky({
            id: `big${i}`,
            x: i,
            y: 0,
            z: `a2${i}`,
            createdBy: 'w',
            text: String(i).repeat(10_000),
          }),
        );
    });
    updateItem(writer.doc, 'small', { x: 42 });
    for (const reader of readers) {
      await waitFor(() => getItem(reader.doc, 'small')?.x === 42, 5000, 'the last change');
      expect(getItem(reader.doc, 'medium')).toMatchObject({ text: 'm'.repeat(2000) });
      for (let i = 0; i < 8; i++)
        expect(getItem(reader.doc, `big${i}`)).toMatchObject({ text: String(i).repeat(10_000) });
    }
    expect(readers.map((reader, i) => reader.provider.ws === sockets[i])).toEqual([true, true]);
    expect(sockets.map((socket) => socket?.readyState)).toEqual([WebSocket.OPEN, WebSocket.OPEN]);
  });

  it('gives a late joiner the full state, title included', async () => {
    const own = await createBoard(server.app, 'Late board');
    const early = await connect(own.tokens.editor, own.id);
    const witness = await connect(own.tokens.editor, own.id);
    addItem(early.doc, makeSticky({ id: 'l1', x: 5, y: 6, z: 'a0', createdBy: 'early' }));
    updateItem(early.doc, 'l1', { x: 300, text: 'written before' });
    // Once a second client has it, the server holds it; both leave before the late joiner comes.
    await waitFor(() => getItem(witness.doc, 'l1')?.x === 300, 5000, 'edit to reach the server');
    early.destroy();
    witness.destroy();
    const late = await connect(own.tokens.editor, own.id);
    expect(getItem(late.doc, 'l1')).toMatchObject({ x: 300, text: 'written before' });
    expect(late.doc.getMap('meta').get('title')).toBe('Late board');
  });

  it('gives each client that has nothing the board as it is now, however often it was sent', async () => {
    // The server keeps the whole board encoded for clients that have nothing until it changes.
    const own = await createBoard(server.app, 'Joined often');
    const writer = await connect(own.tokens.editor, own.id);
    const witness = await connect(own.tokens.editor, own.id);
    addItem(writer.doc, makeSticky({ id: 'j1', x: 1, y: 2, z: 'a0', createdBy: 'w' }));
    await waitFor(() => getItem(witness.doc, 'j1') !== null, 5000, 'j1 to reach the server');
    for (let i = 0; i < 2; i++) {
      const joiner = await connect(own.tokens.editor, own.id);
      expect(getItem(joiner.doc, 'j1')).toMatchObject({ x: 1, y: 2 });
      joiner.destroy();
    }
    updateItem(writer.doc, 'j1', { x: 500 });
    addItem(writer.doc, makeSticky({ id: 'j2', x: 3, y: 4, z: 'a1', createdBy: 'w' }));
    await waitFor(() => getItem(witness.doc, 'j2') !== null, 5000, 'j2 to reach the server');
    const later = await connect(own.tokens.editor, own.id);
    expect(getItem(later.doc, 'j1')).toMatchObject({ x: 500 });
    expect(getItem(later.doc, 'j2')).toMatchObject({ x: 3, y: 4 });
  });

  it('keeps the board encoded while people edit it: a client that has nothing gets that state and the changes since', async () => {
    const own = await createBoard(server.app, 'Edited while joined');
    const writer = await connect(own.tokens.editor, own.id);
    const witness = await connect(own.tokens.editor, own.id);
    for (let i = 0; i < 40; i++) {
      addItem(writer.doc, makeSticky({ id: `n${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'w' }));
    }
    await waitFor(() => readItems(witness.doc).length === 40, 5000, 'the notes at the server');
    /** What a stock client that has nothing receives before it is synced: its updates, then the state. */
    const join = async () => {
      const raw = rawClient(server.wsUrl, own.id, own.tokens.viewer);
      await raw.opened;
      raw.socket.send(Buffer.from([0, 0, 1, 0])); // sync step 1 with an empty state vector
      const isStep2 = (m: Buffer) => m[0] === 0 && m[1] === 1;
      await waitFor(() => raw.messages.some(isStep2), 5000, 'sync step 2');
      const payload = (m: Buffer) => {
        const decoder = decoding.createDecoder(m);
        decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        return decoding.readVarUint8Array(decoder);
      };
      const step2 = raw.messages.findIndex(isStep2);
      const before = raw.messages.slice(0, step2).filter((m) => m[0] === 0 && m[1] === 2);
      raw.socket.close();
      const doc = new Y.Doc();
      for (const m of [...before, raw.messages[step2]!]) Y.applyUpdate(doc, payload(m));
      return { state: payload(raw.messages[step2]!), updates: before.length, doc };
    };
    const first = await join();
    expect(readItems(first.doc)).toHaveLength(40);

    // Small changes: the same state as before, the changes in front of it, the whole board after.
    updateItem(writer.doc, 'n3', { x: 300 });
    addItem(writer.doc, makeSticky({ id: 'late', x: 9, y: 9, z: 'b0', createdBy: 'w' }));
    await waitFor(() => getItem(witness.doc, 'late') !== null, 5000, 'the changes at the server');
    for (let i = 0; i < 2; i++) {
      const again = await join();
      expect(Buffer.from(again.state).equals(Buffer.from(first.state))).toBe(true);
      expect(again.updates).toBe(1);
      expect(getItem(again.doc, 'n3')).toMatchObject({ x: 300 });
      expect(
        readItems(again.doc)
          .map((item) => item.id)
          .sort(),
      ).toEqual(
        readItems(writer.doc)
          .map((item) => item.id)
          .sort(),
      );
    }

    // Changes past a quarter of the state's size: the board is encoded anew, nothing in front.
    for (let i = 0; i < 40; i++) {
      addItem(writer.doc, makeSticky({ id: `m${i}`, x: i, y: 500, z: `c${i}`, createdBy: 'w' }));
    }
    await waitFor(
      () => readItems(witness.doc).length === 81,
      5000,
      'the second batch at the server',
    );
    const fresh = await join();
    expect(Buffer.from(fresh.state).equals(Buffer.from(first.state))).toBe(false);
    expect(fresh.updates).toBe(0);
    expect(readItems(fresh.doc)).toHaveLength(81);
    expect(getItem(fresh.doc, 'n3')).toMatchObject({ x: 300 });
  });

  it('refuses missing, forged and other-board tokens with 4401 before sending anything', async () => {
    const other = await createBoard(server.app, 'Other');
    const forged = `${board.tokens.editor.split('.')[0]}.${'A'.repeat(43)}`;
    for (const token of [undefined, 'garbage', forged, other.tokens.facilitator]) {
      const client = rawClient(server.wsUrl, board.id, token);
      const { code, reason } = await client.closed;
      expect(code, `token ${token}`).toBe(CloseCode.Unauthorized);
      expect(reason).not.toBe('');
      expect(client.messages).toHaveLength(0);
    }
  });

  it('closes with 4404 for an unknown board', async () => {
    const app = server.app;
    // A correctly signed token for a board that does not exist (deleted, or another server's).
    const ghost = {
      id: 'ghost-board-id',
      title: 'ghost',
      createdAt: '',
      generations: { viewer: 0, editor: 0, facilitator: 0 },
    };
    const token = app.access.tokenFor(ghost, 'editor');
    const unknown = rawClient(server.wsUrl, ghost.id, token);
    const closed = await unknown.closed;
    expect(closed.code).toBe(CloseCode.BoardNotFound);
    expect(unknown.messages).toHaveLength(0);
  });

  it("drops a viewer's writes but keeps the viewer up to date", async () => {
    const viewerBoard = await createBoard(server.app, 'Viewer board');
    const editor = await connect(viewerBoard.tokens.editor, viewerBoard.id);
    const viewer = await connect(viewerBoard.tokens.viewer, viewerBoard.id);

    addItem(
      viewer.doc,
      makeSticky({ id: 'from-viewer', x: 0, y: 0, z: 'a0', createdBy: 'viewer' }),
    );
    addItem(
      editor.doc,
      makeSticky({ id: 'from-editor', x: 1, y: 1, z: 'a1', createdBy: 'editor' }),
    );
    await waitFor(
      () => getItem(viewer.doc, 'from-editor') !== null,
      5000,
      'editor sticky to reach viewer',
    );
    // The server handles one connection's messages in order: once the viewer's presence (sent
    // after its change) reaches the editor, the server has already dealt with the change.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vi', after: 'write' });
    await waitFor(
      () =>
        (
          editor.provider.awareness.getStates().get(viewer.doc.clientID) as
            { user?: { after?: string } } | undefined
        )?.user?.after === 'write',
      5000,
      "the viewer's presence",
    );
    expect(getItem(editor.doc, 'from-viewer')).toBeNull();

    // A fresh client sees what the server holds: the editor's sticky only.
    const fresh = await connect(viewerBoard.tokens.viewer, viewerBoard.id);
    expect(itemsMap(fresh.doc).has('from-editor')).toBe(true);
    expect(itemsMap(fresh.doc).has('from-viewer')).toBe(false);
    expect(readItems(fresh.doc)).toHaveLength(1);
  });

  it('removes the presence of a client that leaves', async () => {
    const stay = await connect(board.tokens.editor);
    const leave = await connect(board.tokens.viewer);
    leave.provider.awareness.setLocalStateField('user', { name: 'Leaver' });
    const leaverId = leave.doc.clientID;
    await waitFor(
      () => stay.provider.awareness.getStates().has(leaverId),
      5000,
      'presence to arrive',
    );
    // Cut the connection without a goodbye, as a crashed browser would; only the server can clean up.
    leave.provider.shouldConnect = false;
    (leave.provider.ws as unknown as { terminate: () => void }).terminate();
    await waitFor(
      () => !stay.provider.awareness.getStates().has(leaverId),
      5000,
      'presence to be removed',
    );
  });
});
