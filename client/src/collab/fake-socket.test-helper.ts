import * as Y from 'yjs';

/* A stand-in for the browser's WebSocket, shared by the collab unit tests of y-websocket's insides. */

/**
 * A socket the page or the provider opens; records what it sends, delivers what the test says,
 * both to its `on…` handlers and to listeners added with addEventListener (as a browser's does).
 */
export class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  /** The newest socket opened. */
  static last: FakeSocket | null = null;
  /** Every socket opened since the test emptied this. */
  static opened: FakeSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  sent: Uint8Array[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url = '') {
    super();
    FakeSocket.last = this;
    FakeSocket.opened.push(this);
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

/** A server's copy of a board with `count` small items, to sync from. */
export function serverBoard(count: number): Y.Doc {
  const server = new Y.Doc();
  const items = server.getMap<Y.Map<unknown>>('items');
  server.transact(() => {
    for (let i = 0; i < count; i++) items.set(`n${i}`, new Y.Map([['x', i]]));
  });
  return server;
}
