import { DRAFT_TEAM_PARAM, readPrivateRound, sessionMap } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import type * as Y from 'yjs';
import type { Store } from '../lib/store';
import type { BoardConnection } from './connection';
import { loadPinned, savePinned } from './draft-pin';

/*
 * A private round on this browser's side (the server's is sync/drafts.ts): while a round runs, a
 * team member's connection syncs the team's draft instead of the board, so what the team changes
 * reaches nobody else until the facilitator's reveal. Facilitators and people without a team stay
 * on the board (their changes are public).
 *
 * The team a browser drafts in is pinned for the round (in localStorage, which also survives a
 * reload): moving to another team mid-round would carry this team's drafts into that team's.
 * A reload reconnects to the draft straight away (`draftParamsFor`, draft-pin.ts), before the
 * local copy, which holds the drafts, could be sent to the board.
 */

/**
 * Follows the board's private round: joins the team's draft when one starts, and syncs the board
 * again once it is revealed; `connection.draftTeam` says which team this browser drafts in.
 */
export function followPrivateRound(options: {
  boardId: string;
  doc: Y.Doc;
  role: Role;
  connection: BoardConnection;
  myTeam: Store<string | null | undefined>;
}): () => void {
  const { boardId, doc, role, connection, myTeam } = options;
  const drafting = connection.draftTeam;
  const { provider } = connection;

  const update = () => {
    // Only a synced copy says whether a round runs (a local copy may be old).
    if (connection.status.get() !== 'live') return;
    const round = readPrivateRound(doc);
    const pinned = loadPinned(boardId);
    if (!round) {
      // Revealed: the server syncs this connection with the board already; later ones too.
      if (pinned) savePinned(boardId, null);
      const { [DRAFT_TEAM_PARAM]: _dropped, ...rest } = provider.params;
      provider.params = rest;
      drafting.set(null);
      return;
    }
    if (pinned?.roundId === round.id) return;
    const teamId = myTeam.get();
    if (role === 'facilitator' || !teamId) {
      drafting.set(null);
      return;
    }
    savePinned(boardId, { roundId: round.id, teamId });
    drafting.set(teamId);
    provider.params = { ...provider.params, [DRAFT_TEAM_PARAM]: teamId };
    // Reconnect with the draft parameter; until then edits wait in this browser.
    provider.disconnect();
    provider.connect();
  };

  const session = sessionMap(doc);
  session.observe(update);
  const stopStatus = connection.status.subscribe(update);
  const stopTeam = myTeam.subscribe(update);
  update();
  return () => {
    session.unobserve(update);
    stopStatus();
    stopTeam();
  };
}
