import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';

/** y-websocket's message type for awareness (the first varuint of a frame). */
const MESSAGE_AWARENESS = 1;

/**
 * The one place that knows y-websocket's private and undocumented details (pinned to exactly
 * 3.1.0 in package.json; own-presence.test.ts fails when they change): the awareness handler
 * below, and the retry counter and retry cancel that reconnects use (see the end of this file).
 *
 * y-websocket's `WebsocketProvider` listens to every awareness change with its private
 * `_awarenessUpdateHandler` and sends it to the server, other people's presence included: with M
 * people moving, every browser would send the room's presence back to the server M times over.
 * The server ignores such echoes, but they still cost everyone bandwidth and the server decoding.
 * This swaps that handler for one that sends only this client's own presence, over the provider's
 * public socket. Only for providers without BroadcastChannel (`disableBc`), as WeBoard's are.
 *
 * Returns a function that puts the provider's own handler back.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): () => void {
  const { awareness } = provider;
  const stock = (provider as unknown as { _awarenessUpdateHandler?: unknown })
    ._awarenessUpdateHandler;
  if (typeof stock !== 'function') {
    throw new Error('y-websocket no longer has _awarenessUpdateHandler; see own-presence.ts');
  }
  const stockHandler = stock as (...args: unknown[]) => void;
  awareness.off('update', stockHandler);

  const sendOwn = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }) => {
    const own = awareness.clientID;
    if (!added.includes(own) && !updated.includes(own) && !removed.includes(own)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [own]));
    ws.send(encoding.toUint8Array(encoder));
  };
  awareness.on('update', sendOwn);

  // On every (re)connect the provider announces our presence at the clock the server last saw,
  // which the server (having dropped it when the old socket went) takes for stale. A fresh clock
  // makes it count as new, so others see us at once rather than at our next move.
  const onStatus = ({ status }: { status: string }) => {
    if (status !== 'connected') return;
    queueMicrotask(() => {
      const state = awareness.getLocalState();
      if (state !== null) awareness.setLocalState(state);
    });
  };
  provider.on('status', onStatus);

  return () => {
    provider.off('status', onStatus);
    awareness.off('update', sendOwn);
    awareness.on('update', stockHandler);
  };
}

/**
 * Connection attempts closed in a row since the provider last synced: y-websocket's
 * `wsUnsuccessfulReconnects`, typed but not documented.
 */
export function closedAttempts(provider: WebsocketProvider): number {
  return provider.wsUnsuccessfulReconnects;
}

/**
 * Called from a `connection-close` listener, stops the retry the provider has just scheduled, so
 * that the caller schedules its own (with jitter, or not at all): y-websocket's retry timer does
 * nothing once `shouldConnect` is false, and a later `provider.connect()` resumes.
 */
export function cancelProviderRetry(provider: WebsocketProvider): void {
  provider.shouldConnect = false;
}
