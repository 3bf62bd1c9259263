import { PERSON_PARAM, PERSON_SECRET_PARAM } from '@weboard/shared';
import { encodeQueryParams } from 'lib0/url';
import { draftParamsFor } from './draft-pin';
import { userId, voterSecret } from './identity';

/*
 * The board's websocket, opened while the board's code is still downloading (part of the page's
 * first chunk, so no Yjs here). On a board URL the page opens the socket the provider would open
 * (same URL), asks for the whole board when this browser has no copy of it (a sync step 1 of an
 * empty document, what the provider would send), and keeps what the server sends. The provider
 * then takes that socket instead of opening its own (`EarlyWebSocket`, its WebSocketPolyfill): it
 * gets the open event and every frame received so far, in order, as if they had just arrived.
 * So the server's handshake, its encoding of the board and the transfer overlap the download
 * and start-up of the board's code instead of following them. The provider's own empty sync
 * step 1 is then not sent again (the server would send the whole board twice).
 */

/** Longest an early socket waits for the board's code; then it is closed (an error page, say). */
const UNCLAIMED_MS = 15_000;

/** y-websocket's sync step 1 of an empty document: message sync (0), step 1 (0), state vector [0]. */
const EMPTY_SYNC_STEP_1 = new Uint8Array([0, 0, 1, 0]);

const isEmptySyncStep1 = (data: unknown) =>
  data instanceof Uint8Array &&
  data.length === EMPTY_SYNC_STEP_1.length &&
  data.every((byte, i) => byte === EMPTY_SYNC_STEP_1[i]);

/** The websocket base for this page: same host, ws(s) matching http(s). */
export function websocketBase(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

/** The sync connection's query parameters: the link's token, who we are (proven), our draft. */
export function syncParams(boardId: string, token: string): Record<string, string> {
  return {
    token,
    // Who we are, proven with our secret: the server lets us change our own reactions only.
    [PERSON_PARAM]: userId(),
    [PERSON_SECRET_PARAM]: voterSecret(),
    ...draftParamsFor(boardId),
  };
}

/** The URL y-websocket opens for a board (its `url`: server URL, room, query parameters). */
export function syncUrl(base: string, boardId: string, params: Record<string, string>): string {
  const query = encodeQueryParams(params);
  return `${base}/sync/${boardId}${query.length === 0 ? '' : `?${query}`}`;
}

interface Early {
  url: string;
  socket: WebSocket;
  /** What the server sent before the provider took the socket. */
  frames: unknown[];
  /** Whether our empty sync step 1 went out. */
  askedForBoard: boolean;
  /** Stops listening (the provider's handlers take over). */
  release(): void;
}

/**
 * The early socket lives on the window, not in this module: the page's inline boot script
 * (boot-inline.ts) has its own copy of this module, opens the socket, and the page's code, a second
 * copy, takes it.
 */
const EARLY_KEY = '__weboardEarlySocket';
const holder = globalThis as typeof globalThis & { [EARLY_KEY]?: Early | null };
const getEarly = (): Early | null => holder[EARLY_KEY] ?? null;
const setEarly = (entry: Early | null): void => {
  holder[EARLY_KEY] = entry;
};

/**
 * Opens the board's sync websocket now, for the provider to take. `askForBoard`: send the sync
 * step 1 of an empty document as soon as it opens (only when this browser holds no copy of the
 * board: with one, the provider's step 1 carries its state and the server sends only the rest).
 */
export function openSyncSocketEarly(
  boardId: string,
  token: string,
  askForBoard: boolean,
  base: string = websocketBase(),
): void {
  if (getEarly() || typeof WebSocket !== 'function' || !navigator.onLine) return;
  const url = syncUrl(base, boardId, syncParams(boardId, token));
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const onOpen = () => {
    if (!askForBoard) return;
    socket.send(EMPTY_SYNC_STEP_1);
    entry.askedForBoard = true;
  };
  const onMessage = (event: MessageEvent) => entry.frames.push(event.data);
  const timer = setTimeout(() => {
    if (getEarly() !== entry) return;
    setEarly(null);
    entry.release();
    socket.close();
  }, UNCLAIMED_MS);
  const entry: Early = {
    url,
    socket,
    frames: [],
    askedForBoard: false,
    release() {
      clearTimeout(timer);
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
    },
  };
  socket.addEventListener('open', onOpen);
  socket.addEventListener('message', onMessage);
  setEarly(entry);
}

/**
 * The early socket for `url`, if there is one and it is still connecting or open; the caller
 * owns it from now on and must set its handlers at once. An early socket for another URL (the
 * draft team changed, say) is closed.
 */
function takeEarly(url: string): WebSocket | null {
  const entry = getEarly();
  setEarly(null);
  if (!entry) return null;
  entry.release();
  const { socket } = entry;
  if (entry.url !== url || socket.readyState > WebSocket.OPEN) {
    socket.close();
    return null;
  }
  // Opened already: the open event and the frames so far go to the handlers just set, before
  // any later event (a microtask runs before the socket's next task).
  if (socket.readyState === WebSocket.OPEN) queueMicrotask(() => handOver(entry));
  return socket;
}

function handOver({ socket, frames, askedForBoard }: Early): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  if (askedForBoard) {
    // Our step 1 asked for the whole board already: the provider's identical one would get it twice.
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (!isEmptySyncStep1(data)) send(data);
    };
  }
  try {
    socket.onopen?.(new Event('open'));
  } finally {
    if (askedForBoard) Reflect.deleteProperty(socket, 'send');
  }
  for (const data of frames) {
    try {
      socket.onmessage?.(new MessageEvent('message', { data }));
    } catch (error) {
      // As for a frame the browser delivers: reported, and the next one still handled.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/**
 * A WebSocket constructor for y-websocket's `WebSocketPolyfill`: takes the early socket for the
 * same URL, else opens a new one. (A function: `new` returns the object a constructor returns.)
 */
export const EarlyWebSocket = function EarlyWebSocket(url: string, protocols?: string | string[]) {
  return takeEarly(url) ?? new WebSocket(url, protocols);
} as unknown as typeof WebSocket;
