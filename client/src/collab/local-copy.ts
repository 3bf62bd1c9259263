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
/** The server's updates waiting for an idle moment to be stored as they came (see below). */
const serverUpdates = new WeakMap<IndexeddbPersistence, Uint8Array[]>();
/** Transactions applying a server update whose bytes are stored as they came. */
const storedAsBytes = new WeakSet<Y.Transaction>();

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
    if (!local.db || local._destroyed) return;
    // The whole document holds whatever server updates still wait.
    serverUpdates.delete(local);
    void storeState(local, true);
  });
}

/** Stores the server updates waiting for `local`, if its database is open (else they wait for it). */
function storeServerUpdates(local: IndexeddbPersistence): void {
  if (!local.db) return;
  const updates = serverUpdates.get(local) ?? [];
  serverUpdates.delete(local);
  if (local._destroyed) return;
  for (const bytes of updates) local._storeUpdate(bytes, null);
}

/**
 * Marks `transaction` as applying a server update that `storeServerUpdateWhenIdle` will store as
 * it came, so that the copy, should its database open only afterwards, need not store the whole
 * document for it.
 */
export function storedAsSent(transaction: Y.Transaction): void {
  storedAsBytes.add(transaction);
}

/**
 * Stores updates the server sent (the first sync's whole board) into `local` once the page is idle,
 * the bytes as they came: encoding the document again for the copy (y-indexeddb's storeState,
 * which also reads back and applies everything the copy holds first) was 0.3 s of long tasks after
 * the first frame at 10,000 notes, where storing the bytes costs a copy. Together with what the
 * copy held and our changes, stored as they happen, they make up the document. Until the
 * database is open the updates wait for it (`openLocalCopy`).
 */
export function storeServerUpdateWhenIdle(local: IndexeddbPersistence, update: Uint8Array): void {
  const waiting = serverUpdates.get(local);
  if (waiting) {
    waiting.push(update);
    return;
  }
  serverUpdates.set(local, [update]);
  whenIdle(() => storeServerUpdates(local));
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
    if (!isServer(transaction.origin)) ownChanges = true;
    else if (!storedAsBytes.has(transaction)) serverChanges = true;
  };
  doc.on('afterTransaction', beforeOpen);
  void local.whenSynced.then(() => {
    doc.off('afterTransaction', beforeOpen);
    if (local._destroyed) return;
    if (ownChanges) {
      serverUpdates.delete(local); // the whole document holds them
      void storeState(local, true);
    } else if (serverChanges) {
      storeWholeWhenIdle(local);
    } else if (serverUpdates.has(local)) {
      whenIdle(() => storeServerUpdates(local));
    }
  });
  return local;
}

/**
 * Settles once `local` has loaded its copy into the document, or once its database failed to open
 * (no IndexedDB here: a private window, say), where y-indexeddb never syncs.
 */
export function whenCopySettled(local: IndexeddbPersistence): Promise<void> {
  // y-indexeddb 9 keeps the open's promise in `_db`, outside its typings; a failed open has no
  // other signal.
  const opening = (local as unknown as { _db: Promise<unknown> })._db;
  return new Promise((settle) => {
    void local.whenSynced.then(() => settle());
    opening.catch(() => settle());
  });
}
