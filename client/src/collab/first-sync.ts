import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { messageSync } from 'y-websocket';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { storeServerUpdateWhenIdle, storedAsSent } from './local-copy';

type MessageHandler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: WebsocketProvider,
  emitSynced: boolean,
  messageType: number,
) => void;
type UpdateListener = (update: Uint8Array, origin: unknown) => void;

/**
 * The board's first sync without a copy of it on the way (private details of y-websocket 3.1.0,
 * Yjs 13.6 and y-indexeddb 9, pinned; first-sync.test.ts fails when they change).
 *
 * Applying the server's state, Yjs encodes it once more for the document's `update` listeners:
 * the provider's, which sends only our own changes and ignores this one, and the IndexedDB copy's,
 * which stores it. On a large board that copy is a good part of the task that opens the board. So
 * until the first sync is in, the server's messages are applied with every `update` listener off,
 * and the server's bytes are stored into IndexedDB as they came once the page is idle after the
 * first frame. Any
 * change of another origin made meanwhile (a migration, our own edit) puts them back before it is
 * applied, so it is stored and sent as always.
 *
 * Returns a function that puts the stock handler back.
 */
export function quietFirstSync(
  provider: WebsocketProvider,
  local: IndexeddbPersistence,
): () => void {
  const doc = provider.doc;
  const inner = provider as unknown as { messageHandlers?: MessageHandler[] };
  const observers = (doc as unknown as { _observers?: Map<string, Set<UpdateListener>> })
    ._observers;
  const handlers = inner.messageHandlers;
  const stock = handlers?.[messageSync];
  if (!handlers || typeof stock !== 'function' || !(observers instanceof Map)) {
    throw new Error('y-websocket or Yjs changed its insides; see first-sync.ts');
  }
  let listeners: UpdateListener[] = [];
  let detached = false;
  let skipped = false;
  let stopped = false;
  const attach = () => {
    if (!detached) return;
    detached = false;
    doc.off('beforeTransaction', onTransaction);
    for (const listener of listeners) doc.on('update', listener);
    listeners = [];
  };
  /** Whether the message being applied carries an update that will be stored as it came. */
  let storingBytes = false;
  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin !== provider) return attach();
    skipped = true;
    if (storingBytes) storedAsSent(transaction);
  };
  handlers[messageSync] = (encoder, decoder, from, emitSynced, messageType) => {
    if (provider.synced) return stock(encoder, decoder, from, emitSynced, messageType);
    // The update the message carries, read ahead (the stock handler reads the message itself).
    const ahead = decoding.clone(decoder);
    const syncType = decoding.readVarUint(ahead);
    const update =
      syncType === messageYjsSyncStep2 || syncType === messageYjsUpdate
        ? decoding.readVarUint8Array(ahead)
        : null;
    storingBytes = !stopped && update !== null;
    detached = true;
    listeners = [...(observers.get('update') ?? [])];
    for (const listener of listeners) doc.off('update', listener);
    doc.on('beforeTransaction', onTransaction);
    try {
      stock(encoder, decoder, from, emitSynced, messageType);
    } finally {
      attach();
    }
    if (!skipped) return;
    skipped = false;
    // Stored once the page is idle, or once IndexedDB is open if it is not yet (local-copy.ts).
    if (!stopped && update) storeServerUpdateWhenIdle(local, update);
  };
  return () => {
    stopped = true;
    handlers[messageSync] = stock;
    attach();
  };
}
