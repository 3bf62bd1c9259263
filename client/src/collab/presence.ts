import type { Box, PresenceState } from '@weboard/shared';
import type { Awareness } from 'y-protocols/awareness';
import { createStore } from '../editor/store';
import type { Store } from '../editor/store';
import type { Point } from '../editor/viewport';

/** Another person on the board, as their awareness state says. */
export interface RemotePresence extends PresenceState {
  clientId: number;
}

/** At most ~20 cursor updates per second go out; the last position is always sent. */
export const CURSOR_INTERVAL_MS = 50;
/** Viewports change in bursts (a pan); ten updates a second is plenty for minimaps and follow. */
export const VIEWPORT_INTERVAL_MS = 100;

function readViewport(value: unknown): Box | null {
  if (!value || typeof value !== 'object') return null;
  const { x, y, w, h } = value as Record<string, unknown>;
  const ok = [x, y, w, h].every((n) => typeof n === 'number' && Number.isFinite(n));
  return ok && (w as number) > 0 && (h as number) > 0 ? ({ x, y, w, h } as Box) : null;
}

export interface Presence {
  readonly remote: Store<readonly RemotePresence[]>;
  readonly localClientId: number;
  setUser(user: PresenceState['user']): void;
  setCursor(point: Point | null): void;
  setSelection(ids: readonly string[]): void;
  setTeam(teamId: string | null): void;
  /** Shares the board area our screen shows (sent at most every VIEWPORT_INTERVAL_MS). */
  setViewport(box: Box): void;
  /** Shares whom we follow, so the server sends us their presence at full rate. */
  setFollowing(clientId: number | null): void;
  dispose(): void;
}

function isPresenceState(value: unknown): value is PresenceState {
  if (!value || typeof value !== 'object') return false;
  const user = (value as { user?: unknown }).user;
  return (
    !!user &&
    typeof user === 'object' &&
    typeof (user as { name?: unknown }).name === 'string' &&
    typeof (user as { color?: unknown }).color === 'string'
  );
}

/** Our presence (name, colour, cursor, selection) out, everyone else's in. */
export function createPresence(awareness: Awareness, user: PresenceState['user']): Presence {
  const remote = createStore<readonly RemotePresence[]>([]);
  const initial: PresenceState = { user, cursor: null, selection: [] };
  awareness.setLocalState(initial);

  let pendingCursor: Point | null | undefined;
  let lastSent = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flushCursor = () => {
    timer = null;
    if (pendingCursor === undefined) return;
    lastSent = performance.now();
    awareness.setLocalStateField('cursor', pendingCursor);
    pendingCursor = undefined;
  };

  const readRemote = () => {
    const states: RemotePresence[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID || !isPresenceState(state)) return;
      states.push({
        clientId,
        user: state.user,
        cursor: state.cursor ?? null,
        selection: Array.isArray(state.selection) ? state.selection : [],
        teamId: typeof state.teamId === 'string' ? state.teamId : null,
        viewport: readViewport(state.viewport),
      });
    });
    states.sort((a, b) => a.clientId - b.clientId);
    remote.set(states);
  };
  awareness.on('change', readRemote);
  readRemote();

  let pendingViewport: Box | null = null;
  let viewportTimer: ReturnType<typeof setTimeout> | null = null;
  const flushViewport = () => {
    viewportTimer = null;
    if (!pendingViewport) return;
    awareness.setLocalStateField('viewport', pendingViewport);
    pendingViewport = null;
  };

  return {
    remote,
    localClientId: awareness.clientID,
    setUser(next) {
      awareness.setLocalStateField('user', next);
    },
    setCursor(point) {
      pendingCursor = point ? { x: Math.round(point.x), y: Math.round(point.y) } : null;
      if (timer) return;
      const wait = CURSOR_INTERVAL_MS - (performance.now() - lastSent);
      if (wait <= 0 || point === null) flushCursor();
      else timer = setTimeout(flushCursor, wait);
    },
    setSelection(ids) {
      awareness.setLocalStateField('selection', [...ids]);
    },
    setTeam(teamId) {
      awareness.setLocalStateField('teamId', teamId);
    },
    setFollowing(clientId) {
      if ((awareness.getLocalState()?.following ?? null) === clientId) return;
      awareness.setLocalStateField('following', clientId);
    },
    setViewport(box) {
      const round = (n: number) => Math.round(n * 10) / 10;
      pendingViewport = { x: round(box.x), y: round(box.y), w: round(box.w), h: round(box.h) };
      viewportTimer ??= setTimeout(flushViewport, VIEWPORT_INTERVAL_MS);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      if (viewportTimer) clearTimeout(viewportTimer);
      awareness.off('change', readRemote);
      awareness.setLocalState(null);
    },
  };
}
