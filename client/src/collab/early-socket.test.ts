import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { EarlyWebSocket, openSyncSocketEarly, syncParams, syncUrl } from './early-socket';

/** A browser WebSocket as far as the early socket and y-websocket use it. */
class PageSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static opened: PageSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  sent: Uint8Array[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    super();
    PageSocket.opened.push(this);
  }

  send(data: Uint8Array): void {
    this.sent.push(new Uint8Array(data));
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    const event = new Event('open');
    this.dispatchEvent(event);
    this.onopen?.(event);
  }

  deliver(message: Uint8Array): void {
    const event = new MessageEvent('message', { data: message.slice().buffer });
    this.dispatchEvent(event);
    this.onmessage?.(event);
  }
}

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

function serverBoard(count: number) {
  const server = new Y.Doc();
  const items = server.getMap<Y.Map<unknown>>('items');
  server.transact(() => {
    for (let i = 0; i < count; i++) items.set(`n${i}`, new Y.Map([['x', i]]));
  });
  return server;
}

describe('the early sync socket', () => {
  const cleanups: (() => void)[] = [];
  beforeEach(() => {
    const storage = new Map<string, string>();
    vi.stubGlobal('WebSocket', PageSocket);
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
      removeItem: (key: string) => storage.delete(key),
    });
    PageSocket.opened = [];
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
    expect(PageSocket.opened).toHaveLength(1);
    expect(PageSocket.opened[0]!.url).toBe(provider.url);
    expect(provider.url).toBe(syncUrl(BASE, 'board', syncParams('board', 'token')));
  });

  it('asks for the board once and hands the open event and the frames over in order', async () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    const socket = PageSocket.opened[0]!;
    socket.open();
    expect(socket.sent).toEqual([EMPTY_STEP_1]);
    socket.deliver(step2(serverBoard(20)));

    const { doc, provider } = provide('board');
    expect(PageSocket.opened).toHaveLength(1);
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
    const socket = PageSocket.opened[0]!;
    socket.open();
    expect(provider.wsconnected).toBe(true);
    expect(socket.sent.filter((frame) => frame[0] === 0 && frame[1] === 0)).toEqual([EMPTY_STEP_1]);
  });

  it('does not ask for the board when told not to: the provider asks with its own state', async () => {
    openSyncSocketEarly('board', 'token', false, BASE);
    const socket = PageSocket.opened[0]!;
    socket.open();
    expect(socket.sent).toHaveLength(0);
    provide('board');
    await Promise.resolve();
    expect(socket.sent.filter((frame) => frame[0] === 0 && frame[1] === 0)).toEqual([EMPTY_STEP_1]);
  });

  it('is not taken for another board, nor once closed', () => {
    openSyncSocketEarly('board', 'token', true, BASE);
    provide('other');
    expect(PageSocket.opened).toHaveLength(2);
    expect(PageSocket.opened[0]!.readyState).toBe(3);

    openSyncSocketEarly('board', 'token', true, BASE);
    PageSocket.opened[2]!.close();
    provide('board');
    expect(PageSocket.opened).toHaveLength(4);
  });
});
