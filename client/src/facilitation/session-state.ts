import {
  readFollow,
  readSummon,
  readTimer,
  sessionMap,
  writeFollow,
  writeSummon,
  writeTimer,
} from '@weboard/shared';
import type { Follow, SessionTimer, Summon } from '@weboard/shared';
import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { serverNow } from '../collab/server-clock';
import type { BoardEditor } from '../editor/editor';
import { LOCAL_ORIGIN } from '../editor/editor';

/** The meeting's session state (timer, summon, follow), re-read whenever the session map changes. */
export interface SessionState {
  timer: SessionTimer | null;
  summon: Summon | null;
  follow: Follow | null;
}

function read(doc: Y.Doc): SessionState {
  return { timer: readTimer(doc), summon: readSummon(doc), follow: readFollow(doc) };
}

/** The session state of `doc` as an external store: re-read on every change of the session map. */
function sessionStore(doc: Y.Doc) {
  const cache = { current: read(doc) };
  return {
    subscribe(listener: () => void) {
      const map = sessionMap(doc);
      const onChange = () => {
        cache.current = read(doc);
        listener();
      };
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    get: () => cache.current,
  };
}

/** Subscribes a component to the session map of `doc`. */
export function useSessionState(doc: Y.Doc): SessionState {
  const store = useMemo(() => sessionStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/**
 * Writes of the facilitator's session controls (the server refuses them from anyone else),
 * through the editor's gate like every change: nothing is written while the board is read-only.
 */
export const session = {
  setTimer: (editor: BoardEditor, timer: SessionTimer | null) =>
    editor.change(() => writeTimer(editor.doc, timer, LOCAL_ORIGIN)),
  summon(editor: BoardEditor, by: string) {
    const box = editor.visibleBox();
    const summon = {
      id: crypto.randomUUID(),
      by,
      at: serverNow(),
      viewport: {
        x: box.x + box.w / 2,
        y: box.y + box.h / 2,
        scale: editor.viewport.get().scale,
      },
    };
    return editor.change(() => writeSummon(editor.doc, summon, LOCAL_ORIGIN));
  },
  followMe(editor: BoardEditor, clientId: number, by: string) {
    const follow = { id: crypto.randomUUID(), by, clientId };
    return editor.change(() => writeFollow(editor.doc, follow, LOCAL_ORIGIN));
  },
  stopFollow: (editor: BoardEditor) =>
    editor.change(() => writeFollow(editor.doc, null, LOCAL_ORIGIN)),
};

/**
 * A summon older than this is not applied: someone joining later must not be yanked to where the
 * facilitator was long ago. Generous, because participants' clocks differ a little.
 */
const SUMMON_FRESH_MS = 60_000;

/**
 * Applies the facilitator's "bring everyone to me" (once per summon) and "follow me" (starts
 * following; the editor ends it when we move ourselves) to this participant's camera.
 */
export function applySessionMoves(doc: Y.Doc, editor: BoardEditor, localClientId: number) {
  let seenSummon: string | null = null;
  let seenFollow: string | null = null;
  const apply = () => {
    const summon = readSummon(doc);
    if (summon && summon.id !== seenSummon && serverNow() - summon.at <= SUMMON_FRESH_MS) {
      const { width, height } = editor.canvasSize.get();
      const { x, y, scale } = summon.viewport;
      editor.follow(null);
      editor.viewport.set({ scale, x: width / 2 - x * scale, y: height / 2 - y * scale });
    }
    if (summon) seenSummon = summon.id;
    const follow = readFollow(doc);
    if (follow && follow.id !== seenFollow) {
      seenFollow = follow.id;
      if (follow.clientId !== localClientId) editor.follow(follow.clientId);
    } else if (!follow && seenFollow !== null) {
      seenFollow = null;
      editor.follow(null);
    }
  };
  apply();
  const map = sessionMap(doc);
  map.observe(apply);
  return () => map.unobserve(apply);
}
