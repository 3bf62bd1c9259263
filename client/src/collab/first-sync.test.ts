import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { quietFirstSync } from './first-sync';
import { FakeSocket, serverBoard } from './fake-socket.test-helper';

/** The server's sync step 2: everything `server` holds that `client` lacks. */
function step2(server: Y.Doc, client: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep2(encoder, server, Y.encodeStateVector(client));
  return encoding.toUint8Array(encoder);
}

/** Sync update frames (type 0, sub-type 2) the client sent. */
const updatesSent = (socket: FakeSocket) =>
  socket.sent.filter((frame) => frame[0] === 0 && frame[1] === syncProtocol.messageYjsUpdate);

describe('quietFirstSync', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function connect(databaseOpen = false) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://weboard.test/sync', 'board', doc, {
      WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
      disableBc: true,
    });
    const stored: Uint8Array[] = [];
    // IndexedDB's persistence as far as the first sync uses it (no IndexedDB in this test run).
    const local = {
      db: databaseOpen ? {} : null,
      _destroyed: false,
      _storeUpdate: (update: Uint8Array) => stored.push(update),
    } as unknown as IndexeddbPersistence;
    doc.on('update', local._storeUpdate);
    const stop = quietFirstSync(provider, local);
    cleanups.push(() => {
      stop();
      provider.destroy();
      doc.destroy();
    });
    const socket = FakeSocket.last!;
    socket.open();
    return { doc, provider, socket, stored };
  }

  it('applies the first sync without a copy for the update listeners, and later changes as always', () => {
    const { doc, provider, socket, stored } = connect();
    const server = serverBoard(50);
    socket.deliver(step2(server, doc));
    expect(provider.synced).toBe(true);
    expect(doc.getMap('items').size).toBe(50);
    expect(stored).toHaveLength(0);
    expect(updatesSent(socket)).toHaveLength(0);

    // Our own edit: stored and sent.
    doc.getMap<Y.Map<unknown>>('items').get('n1')!.set('x', 100);
    expect(stored).toHaveLength(1);
    expect(updatesSent(socket)).toHaveLength(1);
    // The server's next change: stored (and not sent back).
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    server.getMap<Y.Map<unknown>>('items').get('n2')!.set('x', 200);
    socket.deliver(step2(server, doc));
    expect(stored).toHaveLength(2);
    expect(updatesSent(socket)).toHaveLength(1);
  });

  it('stores and sends a change of ours made while the first sync is applied', () => {
    const { doc, socket, stored } = connect();
    const items = doc.getMap<Y.Map<unknown>>('items');
    // As a migration on open would: the first sync brings an item, we fill in a field.
    const fill = () => {
      items.unobserve(fill);
      doc.transact(() => items.get('n0')!.set('color', 'yellow'), 'migration');
    };
    items.observe(fill);
    socket.deliver(step2(serverBoard(3), doc));
    expect(items.get('n0')!.get('color')).toBe('yellow');
    expect(stored).toHaveLength(2); // the server's (joined before ours) and ours
    expect(updatesSent(socket)).toHaveLength(1);
  });

  it("stores the server's bytes into the copy once the page is idle, without encoding the board again", async () => {
    const { doc, socket, stored } = connect(true);
    const server = serverBoard(50);
    const sent = Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc));
    socket.deliver(step2(server, doc));
    expect(stored).toHaveLength(0);
    // Once idle: exactly the bytes the server sent (the stock copy encodes the whole document).
    await vi.waitFor(() => expect(stored).toHaveLength(1), { timeout: 5000 });
    expect(stored[0]).toEqual(sent);
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, stored[0]!);
    expect(reopened.getMap('items').toJSON()).toEqual(doc.getMap('items').toJSON());
  });
});
