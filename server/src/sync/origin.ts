/**
 * The origin of every Yjs transaction on a server-side board, so that persistence and relay can
 * tell a client's edit (store it, relay it to everyone else) from a load (do neither).
 */
export type TransactionOrigin =
  | { readonly kind: 'client'; readonly connectionId: string }
  | { readonly kind: 'storage' }
  | { readonly kind: 'relay' }
  | { readonly kind: 'server'; readonly reason: string };

export const STORAGE_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'storage' });

/** Changes that another instance relayed through Redis: applied and sent to local clients, never published back. */
export const RELAY_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'relay' });

/** A client's change to facilitator-only state, applied and undone in one transaction. */
export const GUARD_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'server', reason: 'guard' });

/** The repair of a board stored with invalid records, made when it is loaded. */
export const REPAIR_ORIGIN: TransactionOrigin = Object.freeze({ kind: 'server', reason: 'repair' });
