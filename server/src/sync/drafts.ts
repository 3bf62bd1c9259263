import {
  itemsMap,
  readPrivateRound,
  roleAtLeast,
  teamsMap,
  writePrivateRound,
} from '@weboard/shared';
import type { PrivateRoundStatus } from '@weboard/shared';
import * as Y from 'yjs';
import { BoardGuard } from './board-guard';
import type { BoardGuardOptions } from './board-guard';
import type { Connection } from './connection';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol';
import { MalformedMessageError } from './room-errors';

/*
 * Private rounds, kept off the wire the way hidden ballots are kept off the document: while a
 * round runs, a team member's browser joins the board with `?draftTeam=<team id>` and syncs that
 * team's draft document instead of the board. A draft starts as a copy of the board and receives
 * every change of the board as it happens (so the team sees the timer, other people's public
 * edits, the facilitator's moves), but what the team changes stays in the draft: the board, and
 * so every other connection, never holds it. The reveal applies every draft's own changes to the
 * board in one transaction. Presence is not private: a draft connection's presence goes through
 * the board's awareness like anyone's.
 */

/** Changes of the board copied into a draft; never copied back. */
const BOARD_ORIGIN = Object.freeze({ kind: 'server', reason: 'board-into-draft' });

/** One team's draft: a copy of the board that only that team's connections sync. */
class TeamDraft {
  readonly doc = new Y.Doc();
  readonly connections = new Set<Connection>();
  /** Cards this team created or changed during the round (for the facilitator's status). */
  readonly changedItems = new Set<string>();
  private readonly guard: BoardGuard;

  constructor(board: Y.Doc, guardOptions: BoardGuardOptions) {
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(board), BOARD_ORIGIN);
    // The same checks as the board's: schema, locked items, the facilitator's session and votes.
    this.guard = new BoardGuard(this.doc, guardOptions);
    this.doc.on('update', this.onUpdate);
    itemsMap(this.doc).observeDeep(this.onItems);
  }

  /** Copies a change of the board in (the team sees everything public as it happens). */
  applyBoardUpdate(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, BOARD_ORIGIN);
  }

  /** What the team changed that the board does not have yet. */
  changesSince(board: Y.Doc): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(board));
  }

  /** Sync step 1 of a team member: what the draft has that they lack. */
  answerStateVector(connection: Connection, stateVector: Uint8Array): void {
    try {
      connection.send(encodeSyncStep2(this.doc, stateVector));
    } catch {
      throw new MalformedMessageError('Invalid state vector');
    }
  }

  /** A team member's change, checked like a change of the board; a viewer's is dropped. */
  applyUpdate(connection: Connection, update: Uint8Array): void {
    if (!roleAtLeast(connection.role, 'editor')) return;
    this.guard.applyClientUpdate(connection, update);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    const message = encodeUpdate(update);
    for (const connection of this.connections) {
      if (connection.origin !== origin) connection.send(message);
    }
  };

  private readonly onItems = (
    events: Y.YEvent<Y.AbstractType<unknown>>[],
    transaction: Y.Transaction,
  ): void => {
    if (transaction.origin === BOARD_ORIGIN) return;
    for (const event of events) {
      if (event.path.length === 0) {
        for (const key of event.changes.keys.keys()) this.changedItems.add(key);
      } else if (typeof event.path[0] === 'string') {
        this.changedItems.add(event.path[0]);
      }
    }
  };

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    itemsMap(this.doc).unobserveDeep(this.onItems);
    this.guard.destroy();
    this.doc.destroy();
  }
}

/** The drafts of one open board's running private round, by team id. */
export class PrivateDrafts {
  private readonly teams = new Map<string, TeamDraft>();
  private readonly draftOf = new Map<Connection, TeamDraft>();
  private board: Y.Doc | null = null;

  constructor(private readonly guardOptions: BoardGuardOptions) {}

  /**
   * The draft `connection` syncs: its team's, when it asked for one (`draftTeam`), a private
   * round runs and the team exists. Otherwise null, and the connection is an ordinary one from
   * now on (it syncs the board).
   */
  draftFor(board: Y.Doc, connection: Connection): TeamDraft | null {
    const joined = this.draftOf.get(connection);
    if (joined) return joined;
    const teamId = connection.draftTeam;
    if (teamId === undefined) return null;
    if (!readPrivateRound(board) || !teamsMap(board).has(teamId)) {
      connection.draftTeam = undefined;
      return null;
    }
    let draft = this.teams.get(teamId);
    if (!draft) {
      this.listen(board);
      draft = new TeamDraft(board, this.guardOptions);
      this.teams.set(teamId, draft);
    }
    draft.connections.add(connection);
    this.draftOf.set(connection, draft);
    return draft;
  }

  /** The greeting of a draft connection: the draft's state vector instead of the board's. */
  greet(draft: TeamDraft, connection: Connection): void {
    connection.send(encodeSyncStep1(draft.doc));
  }

  remove(connection: Connection): void {
    this.draftOf.get(connection)?.connections.delete(connection);
    this.draftOf.delete(connection);
  }

  /** For the facilitator: who drafts in each team and how many cards each team changed. */
  status(board: Y.Doc): PrivateRoundStatus {
    const teams: PrivateRoundStatus['teams'] = {};
    for (const [teamId, draft] of this.teams)
      teams[teamId] = { drafting: draft.connections.size, changedItems: draft.changedItems.size };
    return { round: readPrivateRound(board), teams };
  }

  /**
   * The reveal, inside the board's transaction: every team's changes go into the board and the
   * round ends. Call `afterReveal` once the transaction is over.
   */
  revealInto(board: Y.Doc): { teams: number; changedItems: number } {
    let changedItems = 0;
    for (const draft of this.teams.values()) {
      Y.applyUpdate(board, draft.changesSince(board));
      changedItems += draft.changedItems.size;
    }
    writePrivateRound(board, null);
    return { teams: this.teams.size, changedItems };
  }

  /**
   * After the reveal (whose change every draft received as a change of the board): each draft
   * connection syncs the board from now on, asked for anything it drafted since the reveal's
   * transaction, and the drafts are dropped.
   */
  afterReveal(board: Y.Doc): void {
    for (const connection of this.draftOf.keys()) {
      connection.draftTeam = undefined;
      connection.send(encodeSyncStep1(board));
    }
    this.destroy();
  }

  private listen(board: Y.Doc): void {
    if (this.board === board) return;
    this.board?.off('update', this.onBoardUpdate);
    this.board = board;
    board.on('update', this.onBoardUpdate);
  }

  private readonly onBoardUpdate = (update: Uint8Array): void => {
    for (const draft of this.teams.values()) draft.applyBoardUpdate(update);
  };

  destroy(): void {
    this.board?.off('update', this.onBoardUpdate);
    this.board = null;
    for (const draft of this.teams.values()) draft.destroy();
    this.teams.clear();
    this.draftOf.clear();
  }
}
