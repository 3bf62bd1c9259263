import type { Role } from '@weboard/shared';
import { ROLES } from '@weboard/shared';
import type { BallotRecord, BoardRecord, GrantRecord, SnapshotRecord } from './board-store';

/*
 * The row shapes both SQL stores share (same table and column names in SQLite and PostgreSQL) and
 * their mapping to the store's records.
 */

/** Column of each role's token generation (a fixed list, so safe to put in SQL). */
export const GENERATION_COLUMN: Record<Role, string> = {
  facilitator: 'facilitator_gen',
  editor: 'editor_gen',
  viewer: 'viewer_gen',
};

export interface BoardRow {
  id: string;
  title: string;
  created_at: string;
  facilitator_gen: number;
  editor_gen: number;
  viewer_gen: number;
}

export interface SnapshotRow {
  id: string;
  board_id: string;
  name: string;
  kind: string;
  author: string;
  created_at: string;
  /** `thumbnail IS NOT NULL`: a boolean from PostgreSQL, 0 or 1 from SQLite. */
  has_thumbnail: boolean | number;
}

export function toBoard(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.created_at,
    generations: {
      facilitator: row.facilitator_gen,
      editor: row.editor_gen,
      viewer: row.viewer_gen,
    },
  };
}

export function toSnapshot(row: SnapshotRow): SnapshotRecord {
  return {
    id: row.id,
    boardId: row.board_id,
    name: row.name,
    kind: row.kind === 'auto' ? 'auto' : 'named',
    author: row.author,
    createdAt: row.created_at,
    hasThumbnail: row.has_thumbnail === true || row.has_thumbnail === 1,
  };
}

export interface BallotRow {
  user_id: string;
  session_id: string;
  secret_hash: Uint8Array;
  votes: string;
}

export function toBallot(row: BallotRow): BallotRecord {
  return {
    userId: row.user_id,
    sessionId: row.session_id,
    secretHash: new Uint8Array(row.secret_hash),
    votes: JSON.parse(row.votes) as Record<string, number>,
  };
}

/** A ballot as the row values both stores insert: board_id, user_id, session_id, secret_hash, votes. */
export function ballotValues(
  boardId: string,
  ballot: BallotRecord,
): [string, string, string, Buffer, string] {
  return [
    boardId,
    ballot.userId,
    ballot.sessionId,
    Buffer.from(ballot.secretHash),
    JSON.stringify(ballot.votes),
  ];
}

export interface GrantRow {
  id: string;
  board_id: string;
  role: string;
  name: string;
  granted_by: string;
  created_at: string;
  revoked_at: string | null;
}

export function toGrant(row: GrantRow): GrantRecord {
  return {
    id: row.id,
    boardId: row.board_id,
    // Only roles we wrote are stored; an unknown one reads as the weakest role.
    role: ROLES.find((role) => role === row.role) ?? 'viewer',
    name: row.name,
    grantedBy: row.granted_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
