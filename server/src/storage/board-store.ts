import type { Role } from '@weboard/shared';

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

/** Metadata of a stored snapshot of a board. */
export interface SnapshotRecord {
  id: string;
  boardId: string;
  name: string;
  createdAt: string;
}

/**
 * Where boards live. Every method is async so that a networked implementation (PostgreSQL) can
 * follow the SQLite one without touching callers.
 */
export interface BoardStore {
  createBoard(board: NewBoard): Promise<BoardRecord>;
  getBoard(id: string): Promise<BoardRecord | null>;
  /** The board's compacted state (if any) first, then every logged update in order. */
  loadBoardUpdates(id: string): Promise<Uint8Array[]>;
  /** Appends updates to the board's log in one transaction; resolves to the sequence number of the last one. */
  appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number>;
  /** Replaces the compacted state and deletes log entries up to `uptoSeq`, in one transaction. */
  compact(id: string, mergedState: Uint8Array, uptoSeq: number): Promise<void>;
  saveSnapshot(snapshot: SnapshotRecord, state: Uint8Array): Promise<void>;
  listSnapshots(boardId: string): Promise<SnapshotRecord[]>;
  getSnapshot(
    boardId: string,
    snapshotId: string,
  ): Promise<{ record: SnapshotRecord; state: Uint8Array } | null>;
  /** Resolves when storage answers; rejects otherwise (used by /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
