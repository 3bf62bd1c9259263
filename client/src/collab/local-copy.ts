import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import { whenIdle } from '../lib/idle';

/*
 * This browser's IndexedDB copy of a board: y-indexeddb 9's persistence (pinned; e2e
 * canvas-offline.spec.ts opens boards from it), except for what it does when its database opens. Stock y-indexeddb then encodes the whole document into the database at once, in the
 * callback of the open, wherever the page is: a database that opens after the server's board
 * arrived (a first visit, where creating the database is slow) encodes the whole board inside
 * the frames that open it (0.3 s at 10,000 notes on the development machine). Here the whole
 * board is stored once the page is idle instead, when only the server's changes came before the
 * database opened (the server keeps those); a change of ours from before the open is stored as
 * soon as it opens, as y-indexeddb does.
 */

const idleStores = new WeakSet<IndexeddbPersistence>();

/**
 * Stores the whole document into `local` once the page is idle (one store however often asked):
 * what y-indexeddb writes when its database opens. Nothing while the database is not open yet
 * (`openLocalCopy` asks again when it opens) or after the copy is closed.
 */
export function storeWholeWhenIdle(local: IndexeddbPersistence): void {
  if (idleStores.has(local)) return;
  idleStores.add(local);
  whenIdle(() => {
    idleStores.delete(local);
    if (local.db && !local._destroyed) void storeState(local, true);
  });
}

/**
 * Opens the IndexedDB copy `name` of `doc`. `isServer` tells the server's transactions (the
 * provider's origin) from ours.
 */
export function openLocalCopy(
  name: string,
  doc: Y.Doc,
  isServer: (origin: unknown) => boolean,
): IndexeddbPersistence {
  // y-indexeddb encodes the document it was given when the database opens: an empty stand-in.
  // Everything else reads `local.doc`, which is the board's document from here on.
  const standIn = new Y.Doc();
  const local = new IndexeddbPersistence(name, standIn);
  standIn.off('update', local._storeUpdate);
  standIn.off('destroy', local.destroy);
  local.doc = doc;
  doc.on('update', local._storeUpdate);
  doc.on('destroy', local.destroy);

  // What changed the document before the database opened, which nothing has stored yet.
  let serverChanges = false;
  let ownChanges = false;
  const beforeOpen = (transaction: Y.Transaction) => {
    if (local.db || transaction.changed.size === 0) return;
    if (isServer(transaction.origin)) serverChanges = true;
    else ownChanges = true;
  };
  doc.on('afterTransaction', beforeOpen);
  void local.whenSynced.then(() => {
    doc.off('afterTransaction', beforeOpen);
    if (local._destroyed) return;
    if (ownChanges) void storeState(local, true);
    else if (serverChanges) storeWholeWhenIdle(local);
  });
  return local;
}
