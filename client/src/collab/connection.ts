import { FATAL_CLOSE_CODES } from '@weboard/shared';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { createStore } from '../editor/store';
import type { Store } from '../editor/store';

/** What the status indicator shows. */
export type ConnectionStatus = 'connecting' | 'live' | 'offline';

/** Why the server refused us for good (bad token, unknown board); we stop reconnecting. */
export interface FatalClose {
  code: number;
  reason: string;
}

export interface BoardConnection {
  readonly provider: WebsocketProvider;
  readonly status: Store<ConnectionStatus>;
  readonly fatal: Store<FatalClose | null>;
  destroy(): void;
}

/** The websocket base for this page: same host, ws(s) matching http(s). */
export function websocketBase(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

const FATAL_REASONS: Record<number, string> = {
  4401: 'This link is not valid (the access token was refused).',
  4403: 'This link does not give access to this board.',
  4404: 'This board does not exist.',
};

/**
 * Connects a document to its board on the server. "Live" means connected *and* synced, so the
 * indicator never claims to be live while the first sync is still in flight; once we have been
 * live, a dropped connection reads "Offline" (with quiet retries) rather than flickering back to
 * "Connecting…" on every backoff attempt.
 */
export function connectBoard(boardId: string, token: string, doc: Y.Doc): BoardConnection {
  const status = createStore<ConnectionStatus>('connecting');
  const fatal = createStore<FatalClose | null>(null);
  const provider = new WebsocketProvider(`${websocketBase()}/sync`, boardId, doc, {
    params: { token },
    // Another tab of the same board must not bypass the server (viewers' writes are dropped there).
    disableBc: true,
    shouldReconnect: (event) => !FATAL_CLOSE_CODES.includes(event.code),
  });
  let everLive = false;

  const refresh = () => {
    if (fatal.get() || !navigator.onLine) return status.set('offline');
    if (provider.wsconnected && provider.synced) {
      everLive = true;
      return status.set('live');
    }
    status.set(everLive || provider.wsUnsuccessfulReconnects > 2 ? 'offline' : 'connecting');
  };

  const onClose = (event: CloseEvent | null) => {
    if (event && FATAL_CLOSE_CODES.includes(event.code)) {
      provider.shouldConnect = false;
      fatal.set({
        code: event.code,
        reason: event.reason || FATAL_REASONS[event.code] || `Connection refused (${event.code}).`,
      });
    }
    refresh();
  };

  provider.on('status', refresh);
  provider.on('sync', refresh);
  provider.on('connection-close', onClose);
  window.addEventListener('online', refresh);
  window.addEventListener('offline', refresh);

  return {
    provider,
    status,
    fatal,
    destroy() {
      window.removeEventListener('online', refresh);
      window.removeEventListener('offline', refresh);
      provider.destroy();
    },
  };
}
