import {
  BURST_LIFETIME_MS,
  BurstLimiter,
  MAX_SHARED_SELECTION,
  boundedSelection,
  readBurst,
} from '@weboard/shared';
import type { Box, Burst, BurstEmoji, Point, PresenceState } from '@weboard/shared';
import type { Awareness } from 'y-protocols/awareness';
import { createStore } from '../lib/store';
import { distinctColor } from './identity';
import type { Store } from '../lib/store';

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

/**
 * Who another person is, without where they point or look: what the "who is here" list, the
 * cursors' name tags and selection outlines draw. Changes only when someone joins, leaves,
 * renames, changes team or selection, so React work stays off the 20 Hz cursor path.
 */
export interface Person {
  clientId: number;
  user: PresenceState['user'];
  selection: string[];
  teamId: string | null;
  /** Whether they share their viewport (following them is possible). */
  sharesViewport: boolean;
}

export interface Presence {
  /**
   * Everyone else's full presence, cursors and viewports included, at most once per display
   * frame (awareness changes are coalesced). For code outside React: the cursor animator, the
   * minimap, follow mode. A person whose state did not change keeps the same object.
   */
  readonly remote: Store<readonly RemotePresence[]>;
  /** Everyone else as the presence list shows them (see Person); for React. */
  readonly people: Store<readonly Person[]>;
  readonly localClientId: number;
  /**
   * The colour others see us in: the one we were given, changed when someone who came earlier wears
   * it (see distinctColor) so cursors on a board are told apart.
   */
  readonly color: Store<string>;
  setUser(user: PresenceState['user']): void;
  setCursor(point: Point | null): void;
  setSelection(ids: readonly string[]): void;
  setTeam(teamId: string | null): void;
  /** Shares the board area our screen shows (sent at most every VIEWPORT_INTERVAL_MS). */
  setViewport(box: Box): void;
  /** Shares whom we follow, so the server sends us their presence at full rate. */
  setFollowing(clientId: number | null): void;
  /**
   * Sends an emoji burst at `at` (board coordinates): our presence carries it for
   * BURST_LIFETIME_MS. A few a second at most (BurstLimiter); null when over that.
   */
  sendBurst(emoji: BurstEmoji, at: Point): Burst | null;
  /** Our own newest burst, so this page plays it too. */
  readonly ownBurst: Store<Burst | null>;
  /** Where our pointer last was on the canvas (board coordinates), or null if never. */
  lastCursor(): Point | null;
  dispose(): void;
}

/** How often presence is read while the page draws no frames (hidden). */
const HIDDEN_FLUSH_MS = 250;

const pageHidden = () => typeof document !== 'undefined' && document.hidden;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function sameBox(a: Box, b: Box): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

function toPerson(peer: RemotePresence): Person {
  return {
    clientId: peer.clientId,
    user: peer.user,
    selection: peer.selection,
    teamId: peer.teamId ?? null,
    sharesViewport: peer.viewport !== null && peer.viewport !== undefined,
  };
}

/** What a Person shows, as one comparable string. */
function personKey(peer: RemotePresence): string {
  return JSON.stringify([peer.user, peer.selection, peer.teamId ?? null, !!peer.viewport]);
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
  let ownUser = user;
  const color = createStore(user.color);

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

  const people = createStore<readonly Person[]>([]);
  // The latest presence per client id, rebuilt only for the ids that changed.
  const byClient = new Map<number, RemotePresence>();
  const changed = new Set<number>();
  const readPeer = (clientId: number, before: RemotePresence | undefined) => {
    const state: unknown = awareness.getStates().get(clientId);
    if (clientId === awareness.clientID || !isPresenceState(state)) return null;
    const viewport = readViewport(state.viewport);
    const burst = readBurst(state.burst);
    const peer: RemotePresence = {
      clientId,
      user: state.user,
      cursor: state.cursor ?? null,
      selection: boundedSelection(state.selection),
      teamId: typeof state.teamId === 'string' ? state.teamId : null,
      // The same object while it is the same box, so followers and the minimap can tell.
      viewport:
        before?.viewport && viewport && sameBox(before.viewport, viewport)
          ? before.viewport
          : viewport,
      ...(burst ? { burst } : {}),
    };
    return peer;
  };
  const flush = () => {
    cancelFlush();
    if (changed.size === 0) return;
    let peopleChanged = false;
    for (const clientId of changed) {
      const before = byClient.get(clientId);
      const after = readPeer(clientId, before);
      if (after) byClient.set(clientId, after);
      else byClient.delete(clientId);
      if (!before || !after || personKey(before) !== personKey(after)) peopleChanged = true;
    }
    changed.clear();
    const states = [...byClient.values()].sort((a, b) => a.clientId - b.clientId);
    remote.set(states);
    if (!peopleChanged) return;
    people.set(states.map(toPerson));
    const next = distinctColor(
      color.get(),
      awareness.clientID,
      states.map((peer) => ({ clientId: peer.clientId, color: peer.user.color })),
    );
    if (next) {
      color.set(next);
      awareness.setLocalStateField('user', { ...ownUser, color: next });
    }
  };
  // One read per display frame however many awareness messages arrived in it (12 people moving
  // at 20 Hz are 240 a second); a hidden page (no frames) still reads them every quarter second.
  let frame: number | null = null;
  let fallback: ReturnType<typeof setTimeout> | null = null;
  const cancelFlush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (fallback !== null) clearTimeout(fallback);
    frame = null;
    fallback = null;
  };
  const onChange = ({ added, updated, removed }: AwarenessChange) => {
    for (const ids of [added, updated, removed]) {
      for (const id of ids) if (id !== awareness.clientID) changed.add(id);
    }
    if (frame !== null || fallback !== null || changed.size === 0) return;
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(flush);
    // The timer only where no frame will come: not one set and cleared for every tick of a room.
    if (frame === null || pageHidden()) fallback = setTimeout(flush, HIDDEN_FLUSH_MS);
  };
  // Hidden while a frame is awaited: that frame will not come soon, the timer reads presence then.
  const onVisibility = () => {
    if (frame !== null && fallback === null && pageHidden())
      fallback = setTimeout(flush, HIDDEN_FLUSH_MS);
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  awareness.on('change', onChange);
  awareness.getStates().forEach((_, clientId) => changed.add(clientId));
  flush();

  let pendingViewport: Box | null = null;
  let viewportTimer: ReturnType<typeof setTimeout> | null = null;
  const flushViewport = () => {
    viewportTimer = null;
    if (!pendingViewport) return;
    awareness.setLocalStateField('viewport', pendingViewport);
    pendingViewport = null;
  };

  const burstLimiter = new BurstLimiter();
  const ownBurst = createStore<Burst | null>(null);
  let burstCount = 0;
  let burstTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPoint: Point | null = null;

  return {
    remote,
    people,
    ownBurst,
    lastCursor: () => lastPoint,
    sendBurst(emoji, at) {
      if (!burstLimiter.take(performance.now())) return null;
      burstCount += 1;
      const burst: Burst = { n: burstCount, emoji, x: Math.round(at.x), y: Math.round(at.y) };
      awareness.setLocalStateField('burst', burst);
      ownBurst.set(burst);
      // Carried only while it floats: a page that sees our state later does not play it again.
      if (burstTimer) clearTimeout(burstTimer);
      burstTimer = setTimeout(() => {
        burstTimer = null;
        awareness.setLocalStateField('burst', undefined);
      }, BURST_LIFETIME_MS);
      return burst;
    },
    localClientId: awareness.clientID,
    color,
    setUser(next) {
      ownUser = next;
      awareness.setLocalStateField('user', { ...next, color: color.get() });
    },
    setCursor(point) {
      pendingCursor = point ? { x: Math.round(point.x), y: Math.round(point.y) } : null;
      if (pendingCursor) lastPoint = pendingCursor;
      if (timer) return;
      const wait = CURSOR_INTERVAL_MS - (performance.now() - lastSent);
      if (wait <= 0 || point === null) flushCursor();
      else timer = setTimeout(flushCursor, wait);
    },
    setSelection(ids) {
      // Everyone outlines what we select: a select-all of a big board shares its first ids only.
      awareness.setLocalStateField('selection', ids.slice(0, MAX_SHARED_SELECTION));
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
      if (burstTimer) clearTimeout(burstTimer);
      cancelFlush();
      if (typeof document !== 'undefined')
        document.removeEventListener('visibilitychange', onVisibility);
      awareness.off('change', onChange);
      awareness.setLocalState(null);
    },
  };
}
