/* A stand-in for the browser's WebSocket, shared by the collab unit tests of y-websocket's insides. */

/** A socket the provider opens; records what it sends, delivers what the test says. */
export class FakeSocket {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readonly OPEN = 1;
  readyState = 0;
  binaryType = 'arraybuffer';
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor() {
    FakeSocket.last = this;
  }

  send(data: Uint8Array): void {
    this.sent.push(new Uint8Array(data));
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  deliver(message: Uint8Array): void {
    const copy = message.slice();
    this.onmessage?.({ data: copy.buffer });
  }
}
