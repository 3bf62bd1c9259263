import type { ImageMimeType } from '@weboard/shared';

/** An image as stored: its bytes, their SHA-256 (hex) and the type sniffed from them. */
export interface StoredBlob {
  hash: string;
  type: ImageMimeType;
  bytes: Uint8Array;
}

/**
 * Where images live, content-addressed: a blob is stored once by its hash however many boards use
 * it, and each board keeps the list of hashes it may read, so a board's token never opens another
 * board's pictures. Blobs are never deleted (snapshots and restores may bring an image back at any
 * time; see the README). The SQLite and PostgreSQL stores keep them in a `blobs` table beside the
 * boards; a file-system store fits the same three calls (a file per hash, a folder of board links).
 */
export interface BlobStore {
  /**
   * Stores `blob` if no blob has its hash yet and records that `boardId` uses it; resolves once
   * both are durable. Storing the same bytes again changes nothing.
   */
  putBlob(boardId: string, blob: StoredBlob): Promise<void>;
  /** The blob if `boardId` uses it; null otherwise (unknown hash, or another board's). */
  getBlob(boardId: string, hash: string): Promise<StoredBlob | null>;
  /**
   * Records that `boardId` uses the stored blob of `hash` (a picture pasted from another board,
   * whose grant the caller checked); false, and nothing changes, when no blob has that hash.
   * Linking again changes nothing.
   */
  linkBlob(boardId: string, hash: string): Promise<boolean>;
}
