import type { Role } from '@weboard/shared';
import type { BlobStore } from './blob-store';

/** A board's row: identity, title and the current token generation per role. */
export interface BoardRecord {
  id: string;
  title: string;
  /** ISO 8601. */
  createdAt: string;
  /** Current token generation per role; tokens carrying an older generation are refused. */
  generations: Record<Role, number>;
}

export interface NewBoard {
  id: string;
  title: string;
  createdAt: string;
  /** Encoded Yjs state the board starts with (its initialised meta), stored in the same transaction. */
  initialState?: Uint8Array;
}

/** `named`: saved by a facilitator, kept until deleted; `auto`: taken by the server, only the newest few are kept. */
export type SnapshotKind = 'named' | 'auto';

/** Metadata of a stored snapshot of a board. */
export interface SnapshotRecord {
  id: string;
  boardId: string;
  name: string;
  kind: SnapshotKind;
  /** Display name of whoever saved it; empty for automatic snapshots. */
  author: string;
  /** ISO 8601. */
  createdAt: string;
  hasThumbnail: boolean;
}

/** One voter's ballot in a hidden vote (see http/votes.ts); never part of the shared document. */
export interface BallotRecord {
  userId: string;
  /** The vote session the votes belong to ('' once revealed). */
  sessionId: string;
  /** SHA-256 of the voter's secret: later requests for this user id must carry the same secret. */
  secretHash: Uint8Array;
  /** Item id → votes on it. */
  votes: Record<string, number>;
}

/**
 * A person's own role on a board beyond the shared links (a facilitator promoting an editor): it
 * has a token of its own, so it can be taken back without touching anyone else's link.
 */
export interface GrantRecord {
  id: string;
  boardId: string;
  role: Role;
  /** Who received it (their display name when promoted), for the facilitator's list. */
  name: string;
  /** Display name of the facilitator who granted it. */
  grantedBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601 once revoked; a revoked grant's token is refused. */
  revokedAt: string | null;
}

/**
 * Where boards live. Every method is async so that a networked implementation (PostgreSQL) can
 * follow the SQLite one without touching callers.
 */
export interface BoardStore {
  /** The images of the boards (content-addressed; see blob-store.ts). */
  readonly blobs: BlobStore;
  createBoard(board: NewBoard): Promise<BoardRecord>;
  getBoard(id: string): Promise<BoardRecord | null>;
  /** The board's compacted state (if any) first, then every logged update in order. */
  loadBoardUpdates(id: string): Promise<Uint8Array[]>;
  /**
   * Appends updates to the board's log in one transaction; resolves to the sequence number of the
   * last one. With `mergeSmall`, each run of small updates becomes one entry (merge-small.mjs
   * `entriesOf`), in the store's own time: PostgreSQL merges the run, SQLite's worker thread keeps
   * its updates side by side in one row; either way loads answer every update.
   */
  appendUpdates(
    id: string,
    updates: readonly Uint8Array[],
    options?: { mergeSmall?: boolean },
  ): Promise<number>;
  /** Replaces the compacted state and deletes log entries up to `uptoSeq`, in one transaction. */
  compact(id: string, mergedState: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * Optional: compacts the log up to `uptoSeq` from what storage holds alone (state and log decoded
   * into one state, inside the store, off the caller's thread); resolves to the new state's size.
   * A store that has it spares the server encoding the board on its event loop; without it the
   * update log hands `compact` the encoded state.
   */
  compactStored?(id: string, uptoSeq: number): Promise<number>;
  /** Bumps the token generation of `role`, revoking every token of that role; null for an unknown board. */
  rotateGeneration(id: string, role: Role): Promise<BoardRecord | null>;
  /** Stores a snapshot with its encoded state and an optional PNG thumbnail (`hasThumbnail` follows it). */
  saveSnapshot(
    snapshot: Omit<SnapshotRecord, 'hasThumbnail'>,
    state: Uint8Array,
    thumbnail?: Uint8Array,
  ): Promise<void>;
  /** The board's snapshots, newest first. */
  listSnapshots(boardId: string): Promise<SnapshotRecord[]>;
  getSnapshot(
    boardId: string,
    snapshotId: string,
  ): Promise<{ record: SnapshotRecord; state: Uint8Array } | null>;
  getSnapshotThumbnail(boardId: string, snapshotId: string): Promise<Uint8Array | null>;
  /** Deletes one snapshot; false when there was none. */
  deleteSnapshot(boardId: string, snapshotId: string): Promise<boolean>;
  /** Deletes all but the newest `keep` automatic snapshots of the board (named ones stay). */
  pruneAutoSnapshots(boardId: string, keep: number): Promise<void>;
  /** Stores a new personal grant. */
  createGrant(grant: Omit<GrantRecord, 'revokedAt'>): Promise<void>;
  /** One grant, revoked or not; null when the board has none with that id. */
  getGrant(boardId: string, grantId: string): Promise<GrantRecord | null>;
  /** The board's grants that are not revoked, oldest first. */
  listGrants(boardId: string): Promise<GrantRecord[]>;
  /** Revokes a grant at `at` (ISO 8601); false when there was no such grant or it was revoked already. */
  revokeGrant(boardId: string, grantId: string, at: string): Promise<boolean>;
  /** Every voter's ballot on the board. */
  loadBallots(boardId: string): Promise<BallotRecord[]>;
  /** Stores one voter's ballot, replacing what they had. */
  saveBallot(boardId: string, ballot: BallotRecord): Promise<void>;
  /** Empties every ballot of the board (after a reveal), keeping each voter's secret. */
  clearBallots(boardId: string): Promise<void>;
  /** Resolves when storage answers; rejects otherwise (used by /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
