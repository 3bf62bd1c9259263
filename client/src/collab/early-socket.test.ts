import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { EarlyWebSocket, openSyncSocketEarly, syncParams, syncUrl } from './early-socket';
import { FakeSocket, serverBoard } from './fake-socket.test-helper';

const BASE = 'ws://weboard.test';
const EMPTY_STEP_1 = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
})();

function step2(server: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep2(encoder, server, Y.encodeStateVector(new Y.Doc()));
  return encoding.toUint8Array(encoder);
}

describe('the early sync socket', () => {
  const cleanups: (() => void)[] = [];
  beforeEach(() => {
    const storage = new Map<string, string>();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
      removeItem: (key: string) => storage.delete(key),
    });
    FakeSocket.opened = [];
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    vi.unstubAllGlobals();
  });

  function provide(boardId: string) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${BASE}/sync`, boardId, doc, {
      params: syncParams(boardId, 'token'),
      WebSocketPolyfill: EarlyWebSocket,
      disableBc: true,
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    return { doc, provider };
  }

  it('is opened at the URL the provider opens', () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    const { provider } = provide('board');
    expect(FakeSocket.opened).toHaveLength(1);
    expect(FakeSocket.opened[0]!.url).toBe(provider.url);
    expect(provider.url).toBe(syncUrl(BASE, 'board', syncParams('board', 'token')));
  });

  it('asks for the board once and hands the open event and the frames over in order', async () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    const socket = FakeSocket.opened[0]!;
    socket.open();
    expect(socket.sent).toEqual([EMPTY_STEP_1]);
    socket.deliver(step2(serverBoard(20)));

    const { doc, provider } = provide('board');
    expect(FakeSocket.opened).toHaveLength(1);
    await Promise.resolve();
    expect(provider.wsconnected).toBe(true);
    expect(provider.synced).toBe(true);
    expect(doc.getMap('items').size).toBe(20);
    // The provider's own empty step 1 was not sent a second time.
    expect(socket.sent.filter((frame) => frame[0] === 0 && frame[1] === 0)).toHaveLength(1);
    // Later frames reach the provider directly.
    socket.deliver(step2(serverBoard(30)));
    expect(doc.getMap('items').size).toBe(30);
  });

  it('leaves a socket still connecting to the provider, which sends its own step 1', () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    const { provider } = provide('board');
    const socket = FakeSocket.opened[0]!;
    socket.open();
    expect(provider.wsconnected).toBe(true);
    expect(socket.sent.filter((frame) => frame[0] === 0 && frame[1] === 0)).toEqual([EMPTY_STEP_1]);
  });

  it('does not ask for the board when told not to: the provider asks with its own state', async () => {
    openSyncSocketEarly('board', 'token', false, BASE);
    const socket = FakeSocket.opened[0]!;
    socket.open();
    expect(socket.sent).toHaveLength(0);
    provide('board');
    await Promise.resolve();
    expect(socket.sent.filter((frame) => frame[0] === 0 && frame[1] === 0)).toEqual([EMPTY_STEP_1]);
  });

  it("opened by the page's inline boot script (its own copy of this module), is the provider's", async () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    const socket = FakeSocket.opened[0]!;
    socket.open();
    socket.deliver(step2(serverBoard(20)));
    // The page's code: a second copy of this module, as the boot script is built on its own.
    vi.resetModules();
    const page = await import('./early-socket');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${BASE}/sync`, 'board', doc, {
      params: page.syncParams('board', 'token'),
      WebSocketPolyfill: page.EarlyWebSocket,
      disableBc: true,
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    await Promise.resolve();
    expect(FakeSocket.opened).toHaveLength(1);
    expect(provider.synced).toBe(true);
    expect(doc.getMap('items').size).toBe(20);
  });

  it('is not taken for another board, nor once closed', () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    provide('other');
    expect(FakeSocket.opened).toHaveLength(2);
    expect(FakeSocket.opened[0]!.readyState).toBe(3);

    openSyncSocketEarly('board', 'token', true, BASE);
    FakeSocket.opened[2]!.close();
    provide('board');
    expect(FakeSocket.opened).toHaveLength(4);
  });
});
