import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cancelProviderRetry, closedAttempts, sendOwnPresenceOnly } from './own-presence';

import { FakeSocket } from './fake-socket.test-helper';

/** Client ids in the awareness messages among `frames`. */
function awarenessIds(frames: readonly Uint8Array[]): number[][] {
  return frames
    .filter((frame) => frame[0] === 1)
    .map((frame) => {
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const ids: number[] = [];
      const count = decoding.readVarUint(update);
      for (let i = 0; i < count; i++) {
        ids.push(decoding.readVarUint(update));
        decoding.readVarUint(update);
        decoding.readVarString(update);
      }
      return ids;
    });
}

/** An awareness frame from the server carrying someone else's presence. */
function remotePresence(clientId: number, clock: number): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, '{"cursor":{"x":1,"y":2}}');
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

describe('sendOwnPresenceOnly', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function connect() {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://weboard.test/sync', 'board', doc, {
      WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
      disableBc: true,
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    const socket = FakeSocket.last!;
    return { doc, provider, socket };
  }

  it('stock y-websocket sends other people’s presence back (what this adapter exists for)', () => {
    const { socket } = connect();
    socket.open();
    socket.sent = [];
    socket.deliver(remotePresence(42, 1));
    expect(awarenessIds(socket.sent)).toEqual([[42]]);
  });

  it('sends only our own presence, never an echo, and a fresh clock on every connect', async () => {
    const { provider, socket } = connect();
    cleanups.push(sendOwnPresenceOnly(provider));
    provider.awareness.setLocalState({ cursor: null });
    socket.open();
    await Promise.resolve();
    const own = provider.awareness.clientID;
    // The provider's announcement, then ours with the next clock.
    expect(awarenessIds(socket.sent)).toEqual([[own], [own]]);

    socket.sent = [];
    socket.deliver(remotePresence(42, 1));
    socket.deliver(remotePresence(43, 7));
    expect(provider.awareness.getStates().has(42)).toBe(true);
    expect(awarenessIds(socket.sent)).toEqual([]);

    provider.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
    expect(awarenessIds(socket.sent)).toEqual([[own]]);
  });
});

describe('retries (the reconnect internals connection.ts relies on)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function closedProvider(cancel: boolean) {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://weboard.test/sync', 'board', doc, {
      WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
      disableBc: true,
    });
    if (cancel) provider.on('connection-close', () => cancelProviderRetry(provider));
    const first = FakeSocket.last!;
    expect(closedAttempts(provider)).toBe(0);
    first.onclose?.({ code: 1006, reason: '' });
    expect(closedAttempts(provider)).toBe(1);
    // Past y-websocket's longest backoff: its retry timer has certainly run.
    vi.advanceTimersByTime(provider.maxBackoffTime + 1000);
    const destroy = () => {
      provider.destroy();
      doc.destroy();
    };
    return { provider, first, destroy };
  }

  it('counts closed attempts and retries by itself', () => {
    const { first, destroy } = closedProvider(false);
    expect(FakeSocket.last).not.toBe(first);
    destroy();
  });

  it('leaves the retry to the caller once cancelled, and connect() resumes', () => {
    const { provider, first, destroy } = closedProvider(true);
    expect(FakeSocket.last).toBe(first);
    provider.connect();
    expect(FakeSocket.last).not.toBe(first);
    destroy();
  });
});
