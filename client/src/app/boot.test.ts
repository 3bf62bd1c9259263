import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../collab/fake-socket.test-helper';
import { openBoardSocketEarly } from './boot';

const at = (path: string) =>
  ({
    protocol: 'http:',
    host: 'weboard.test',
    pathname: path.split('?')[0],
    search: path.includes('?') ? `?${path.split('?')[1]}` : '',
  }) as Location;

describe("the board page's boot script", () => {
  beforeEach(() => {
    const storage = () => {
      const values = new Map<string, string>();
      return {
        getItem: (key: string) => values.get(key) ?? null,
        setItem: (key: string, value: string) => values.set(key, value),
        removeItem: (key: string) => values.delete(key),
      };
    };
    vi.stubGlobal('window', { location: at('/') });
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal('localStorage', storage());
    vi.stubGlobal('sessionStorage', storage());
    FakeSocket.opened = [];
  });
  afterEach(() => {
    // Takes the socket back off the window, as the provider would.
    for (const socket of FakeSocket.opened) socket.close();
    vi.unstubAllGlobals();
    Reflect.deleteProperty(globalThis, '__weboardEarlySocket');
  });

  it("opens a board's websocket, once, and asks for the board when this browser has no copy", () => {
    expect(openBoardSocketEarly(at('/b/board-1?token=abc'))).toEqual({
      boardId: 'board-1',
      token: 'abc',
    });
    // The page's first chunk runs it again: the socket is open already.
    openBoardSocketEarly(at('/b/board-1?token=abc'));
    expect(FakeSocket.opened).toHaveLength(1);
    const socket = FakeSocket.opened[0]!;
    expect(socket.url).toMatch(/^ws:\/\/weboard\.test\/sync\/board-1\?token=abc&/);
    socket.open();
    expect(socket.sent).toEqual([new Uint8Array([0, 0, 1, 0])]);
  });

  it('opens nothing on other pages, nor on a board link without a token', () => {
    expect(openBoardSocketEarly(at('/'))).toBeNull();
    expect(openBoardSocketEarly(at('/somewhere/else'))).toBeNull();
    expect(openBoardSocketEarly(at('/b/board-1'))).toBeNull();
    expect(FakeSocket.opened).toHaveLength(0);
  });
});
