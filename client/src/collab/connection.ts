import {
  DRAFT_TEAM_PARAM,
  FATAL_CLOSE_CODES,
  itemsMap,
  REFUSED_UPDATE_CLOSE_CODES,
} from '@weboard/shared';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { mergeUpdates } from 'yjs';
import type * as Y from 'yjs';
import { createStore } from '../lib/store';
import { reconnectDelayAfter } from './backoff';
import { EarlyWebSocket, syncParams, websocketBase } from './early-socket';
import { cancelProviderRetry, closedAttempts, sendOwnPresenceOnly } from './own-presence';
import { quietFirstSync } from './first-sync';
import { openLocalCopy, whenCopySettled } from './local-copy';
import type { Store } from '../lib/store';
import { receiveRoleGrants } from './role-grant';

/** What the status indicator shows; `live` means connected and in sync with the server. */
export type ConnectionStatus = 'connecting' | 'syncing' | 'live' | 'offline';

/**
 * Why the server refused us for good; we stop reconnecting. Either the link (bad or revoked
 * token, unknown board) or a change of ours (`refusedChange`: the board's size limit, a malformed
 * or oversized message), which a reconnect would only send again.
 */
export interface FatalClose {
  code: number;
  reason: string;
  refusedChange: boolean;
}

/** After a reconnect: how many items other people changed while we were away. */
export interface MergeNotice {
  count: number;
  at: number;
}

export interface BoardConnection {
  readonly provider: WebsocketProvider;
  readonly status: Store<ConnectionStatus>;
  readonly fatal: Store<FatalClose | null>;
  /** True once the board has been loaded from this browser's IndexedDB copy (or found empty). */
  readonly localLoaded: Store<boolean>;
  readonly merged: Store<MergeNotice | null>;
  /** The team whose private-round drafts this connection syncs; null: the board (see private-round.ts). */
  readonly draftTeam: Store<string | null>;
  destroy(): void;
}

const FATAL_REASONS: Record<number, string> = {
  4401: 'This link is not valid (the access token was refused).',
  4403: 'This link does not give access to this board.',
  4404: 'This board does not exist.',
  4400: 'The server could not read a change from this browser.',
  4413: 'The board has reached its size limit.',
  1009: 'A change from this browser is larger than the server accepts.',
};

/** True when the server closed us for good: a reconnect would be refused the same way. */
const isFinal = (code: number) =>
  FATAL_CLOSE_CODES.includes(code) || REFUSED_UPDATE_CLOSE_CODES.includes(code);

/** How long others' changes wait before this browser's copy keeps them, merged into one write. */
const REMOTE_STORE_MS = 1_000;

/**
 * Others' changes reach this browser's IndexedDB copy merged, at most once a second, instead of
 * one IndexedDB transaction per change (a remote drag sends twenty a second; each cost the page
 * about half a millisecond of main thread and counted towards y-indexeddb's compaction, which
 * re-encodes the whole board). Our own changes, the first sync and everything pending when the
 * page is hidden or the board closes are written at once: the server has the others' changes,
 * so a lost second of them costs a reload nothing.
 */
function batchRemoteStores(
  local: IndexeddbPersistence,
  doc: Y.Doc,
  provider: () => WebsocketProvider,
): () => void {
  const store = local._storeUpdate;
  doc.off('update', store);
  let pending: Uint8Array[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const update = pending.length === 1 ? pending[0]! : mergeUpdates(pending);
    pending = [];
    store(update, null);
  };
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === local) return;
    pending.push(update);
    const remote = origin === provider() && provider().synced;
    if (!remote) flush();
    else timer ??= setTimeout(flush, REMOTE_STORE_MS);
  };
  const onHide = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  doc.on('update', onUpdate);
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHide);
  return () => {
    flush();
    doc.off('update', onUpdate);
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHide);
  };
}

/**
 * Longest the server waits for this browser's copy to be read (see `copyFirst`): a copy IndexedDB
 * is slow to give (a huge board, a busy disk) or never gives must not keep the board offline.
 */
const COPY_WAIT_MS = 5_000;

/** How long after a reconnect's sync remote changes still count as "merged on reconnect". */
const MERGE_WINDOW_MS = 1_500;

/**
 * Connects a document to its board: this browser's IndexedDB copy first (a reload opens at once,
 * offline too), then the server. "Live" means connected *and* synced; once we have been live, a
 * dropped connection reads "Offline" (with quiet retries) rather than flickering back to
 * "Connecting…" on every backoff attempt. While the browser is offline the socket is closed on
 * purpose, so edits stay local and merge when it comes back.
 */
export function connectBoard(
  boardId: string,
  token: string,
  doc: Y.Doc,
  options: {
    /**
     * This browser has likely kept a copy of the board: ask the server once the copy is read, so
     * its sync step 1 carries the copy's state and the server sends only what the copy lacks.
     * Asked at once, it would send the whole board again (2.8 MB at 10,000 notes), decoded and
     * applied a second time on a reload.
     */
    copyFirst?: boolean;
  } = {},
): BoardConnection {
  const status = createStore<ConnectionStatus>('connecting');
  const fatal = createStore<FatalClose | null>(null);
  const localLoaded = createStore(false);
  const merged = createStore<MergeNotice | null>(null);
  const params = syncParams(boardId, token);
  const draftTeam = createStore<string | null>(params[DRAFT_TEAM_PARAM] ?? null);
  const local = openLocalCopy(`weboard:${boardId}`, doc, (origin) => origin === provider);
  void local.whenSynced.then(() => localLoaded.set(true));
  const stopBatching = batchRemoteStores(local, doc, () => provider);
  const provider = new WebsocketProvider(`${websocketBase()}/sync`, boardId, doc, {
    params,
    // The socket the page opened before this code loaded, when there is one (early-socket.ts).
    WebSocketPolyfill: EarlyWebSocket,
    // Another tab of the same board must not bypass the server (viewers' writes are dropped there).
    disableBc: true,
    shouldReconnect: (event) => !isFinal(event.code),
    connect: navigator.onLine && !options.copyFirst,
  });
  // A facilitator's grant may come before the session panel that acts on it has loaded.
  receiveRoleGrants(provider);
  // Our presence only: the stock provider would send everyone's back to the server.
  const stopOwnPresence = sendOwnPresenceOnly(provider);
  const stopQuietSync = quietFirstSync(provider, local);
  let everLive = false;
  // Items changed by others since we went offline; null while we are not catching up.
  let catchingUp: Set<string> | null = null;
  let mergeTimer: ReturnType<typeof setTimeout> | null = null;

  const refresh = () => {
    if (fatal.get() || !navigator.onLine) return status.set('offline');
    if (provider.wsconnected && provider.synced) {
      everLive = true;
      return status.set('live');
    }
    if (provider.wsconnected) return status.set('syncing');
    status.set(everLive || closedAttempts(provider) > 2 ? 'offline' : 'connecting');
  };

  const statusWatch = status.subscribe(() => {
    const now = status.get();
    if (now === 'offline' && everLive) {
      catchingUp ??= new Set();
      if (mergeTimer) clearTimeout(mergeTimer);
      mergeTimer = null;
    } else if (now === 'live' && catchingUp && !mergeTimer) {
      mergeTimer = setTimeout(() => {
        merged.set({ count: catchingUp?.size ?? 0, at: Date.now() });
        catchingUp = null;
        mergeTimer = null;
      }, MERGE_WINDOW_MS);
    }
  });

  const items = itemsMap(doc);
  const countRemote = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (!catchingUp || transaction.origin !== provider) return;
    for (const event of events) {
      if (event.target === items) {
        // keysChanged: as the items store reads it (changes.keys costs a pass over every key).
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) catchingUp.add(key);
      } else if (typeof event.path[0] === 'string') {
        catchingUp.add(event.path[0]);
      }
    }
  };
  items.observeDeep(countRemote);

  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const cancelRetry = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };
  const onClose = (event: CloseEvent | null) => {
    if (event && isFinal(event.code)) {
      // Retrying would send the same token, or the same refused update in the sync step, and be
      // closed again: stop. The document (and its IndexedDB copy) keeps every edit.
      cancelProviderRetry(provider);
      cancelRetry();
      fatal.set({
        code: event.code,
        reason: event.reason || FATAL_REASONS[event.code] || `Connection refused (${event.code}).`,
        refusedChange: REFUSED_UPDATE_CLOSE_CODES.includes(event.code),
      });
    } else if (provider.shouldConnect) {
      // We schedule the retry, with jitter (see reconnectDelay); the provider's own fixed-backoff
      // timer then finds shouldConnect false and does nothing.
      cancelProviderRetry(provider);
      cancelRetry();
      retryTimer = setTimeout(
        () => {
          retryTimer = null;
          if (!fatal.get() && navigator.onLine) provider.connect();
        },
        // Closed for going too fast (or a full board): we come back, but not at once.
        reconnectDelayAfter(event?.code, closedAttempts(provider) + 1),
      );
    }
    refresh();
  };
  const onOffline = () => {
    cancelRetry();
    provider.disconnect();
    refresh();
  };
  const onOnline = () => {
    cancelRetry();
    if (!fatal.get()) provider.connect();
    refresh();
  };

  let copyWait: ReturnType<typeof setTimeout> | undefined;
  if (options.copyFirst) {
    const connectAfterCopy = () => {
      clearTimeout(copyWait);
      if (!fatal.get() && navigator.onLine && !provider.shouldConnect) provider.connect();
    };
    copyWait = setTimeout(connectAfterCopy, COPY_WAIT_MS);
    void whenCopySettled(local).then(connectAfterCopy);
  }

  provider.on('status', refresh);
  provider.on('sync', refresh);
  provider.on('connection-close', onClose);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  return {
    provider,
    status,
    fatal,
    localLoaded,
    merged,
    draftTeam,
    destroy() {
      if (mergeTimer) clearTimeout(mergeTimer);
      clearTimeout(copyWait);
      cancelRetry();
      statusWatch();
      items.unobserveDeep(countRemote);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      stopOwnPresence();
      stopBatching();
      stopQuietSync();
      provider.destroy();
      void local.destroy();
    },
  };
}
