import type { BoardInfo, PresenceState } from '@weboard/shared';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { setBlobSource } from '../collab/blobs';
import { connectBoard } from '../collab/connection';
import type { BoardConnection } from '../collab/connection';
import { syncViewports } from './follow';
import { userId } from '../collab/identity';
import { createPresence } from '../collab/presence';
import type { Presence } from '../collab/presence';
import { followPrivateRound } from '../collab/private-round';
import { createBoardEditor } from '../editor/editor';
import type { BoardEditor } from '../editor/editor';
import { whenIdle } from '../lib/idle';
import { createPlanning } from '../planning/planning';
import type { Planning } from '../planning/planning';
import { keepAppForOffline } from './offline-shell';
import { openedBeforeThisPage } from './recent-boards';
import { loadBoardPanels } from './panels';
import { installTestApi } from './test-api';

/** One open board: its document, connection, editor, presence and planning. */
export interface Session {
  doc: Y.Doc;
  connection: BoardConnection;
  editor: BoardEditor;
  presence: Presence;
  planning: Planning;
}

/**
 * Opens a board for the page's lifetime: the connection, editor, presence and planning, wired
 * together, and the test API; closes them all when the board or token changes.
 */
export function useSession(
  info: BoardInfo,
  token: string,
  user: PresenceState['user'],
): Session | null {
  const [session, setSession] = useState<Session | null>(null);
  const { id, role } = info;
  // The user at session start; later renames go through presence.setUser below.
  const [initialUser] = useState(user);

  useEffect(() => {
    const doc = new Y.Doc();
    const connection = connectBoard(id, token, doc, { copyFirst: openedBeforeThisPage(id) });
    const stopBlobs = setBlobSource(id, token);
    const editor = createBoardEditor(doc, role, initialUser.name);
    const presence = createPresence(connection.provider.awareness, initialUser);
    const planning = createPlanning(editor, id, userId(), initialUser.name, token);
    presence.setTeam(planning.myTeam.get() ?? null);
    const stopPrivateRound = followPrivateRound({
      boardId: id,
      doc,
      role,
      connection,
      myTeam: planning.myTeam,
    });
    const stopTeamSync = planning.myTeam.subscribe(() =>
      presence.setTeam(planning.myTeam.get() ?? null),
    );
    const stopSelectionSync = editor.selection.subscribe(() =>
      presence.setSelection(editor.selection.get()),
    );
    const stopViewportSync = syncViewports(editor, presence);
    // Once the board is first in sync, show all of its content (the editor has the window's size
    // from the start). At once, not a frame later: the board's view usually renders between the two
    // (the board arrives with the page's early socket), and a fit in the first frame after its
    // commit moved the stage (a layout effect) before the canvas's item lists followed (a passive
    // effect, which a busy page runs after that frame): the first draw was fitted with only the
    // notes culled for 100 % (canvas-view.spec).
    const stopFitOnOpen = connection.status.subscribe(() => {
      if (connection.status.get() !== 'live') return;
      stopFitOnOpen();
      editor.fitOnOpen();
      // Everything this page needs is loaded by now, or will be with the panels (panels.ts):
      // keep it, so the board opens without a network. Once the page is idle: re-reading every
      // script must not delay the first frame.
      whenIdle(() => void loadBoardPanels().then(keepAppForOffline, keepAppForOffline));
    });
    const uninstall = installTestApi({
      boardId: id,
      editor,
      presence,
      status: () => connection.status.get(),
      connection,
      canvas: () => document.querySelector('[data-testid="board-canvas"]'),
    });
    // The session is an external resource (a websocket, timers) that must be created and torn
    // down with the effect, and rendering needs it: this is the one sanctioned setState here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession({ doc, connection, editor, presence, planning });
    return () => {
      stopFitOnOpen();
      stopPrivateRound();
      stopTeamSync();
      planning.dispose();
      uninstall();
      stopSelectionSync();
      stopViewportSync();
      presence.dispose();
      editor.dispose();
      connection.destroy();
      doc.destroy();
      stopBlobs();
      setSession(null);
    };
  }, [id, role, token, initialUser]);

  useEffect(() => {
    if (!session) return;
    session.presence.setUser(user);
    session.editor.setAuthor(user.name);
    session.planning.setName(user.name);
  }, [session, user]);

  return session;
}
