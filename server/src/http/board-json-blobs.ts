import { isImage } from '@weboard/shared';
import type { BoardFile } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import { acceptImage } from '../images/accept';

/*
 * A board file carries its images (`blobs`: hash → {type, base64 data}), so a file moved to
 * another server or board brings its pictures along; these fill it in on export and store it on
 * import.
 */

/** Adds the bytes of every image item's blob that the board holds to `file.blobs`. */
export async function attachBlobs(
  app: FastifyInstance,
  boardId: string,
  file: BoardFile,
): Promise<BoardFile> {
  const hashes = new Set(file.items.filter(isImage).map((item) => item.src));
  if (hashes.size === 0) return file;
  const blobs: NonNullable<BoardFile['blobs']> = {};
  for (const hash of [...hashes].sort()) {
    const blob = await app.store.blobs.getBlob(boardId, hash);
    if (blob) blobs[hash] = { type: blob.type, data: Buffer.from(blob.bytes).toString('base64') };
  }
  return { ...file, blobs };
}

/**
 * Stores the file's images for `boardId`, each checked like an upload (size, type by content, SVG
 * sanitised), and answers the file with each image item pointing at what was stored: a sanitised
 * SVG may hash differently from the file's key. A blob that fails its checks refuses the file
 * (413/415), before the board changes.
 */
export async function storeFileBlobs(
  app: FastifyInstance,
  boardId: string,
  file: BoardFile,
): Promise<BoardFile> {
  if (!file.blobs) return file;
  const stored = new Map<string, string>();
  for (const [hash, { data }] of Object.entries(file.blobs)) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data))
      throw new AppError('BadRequest', `Cannot import this file: blobs.${hash} is not base64`);
    const bytes = Buffer.from(data, 'base64');
    const blob = await acceptImage(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      app.config.maxImageBytes,
    );
    await app.store.blobs.putBlob(boardId, blob);
    stored.set(hash, blob.hash);
  }
  const items = file.items.map((item) =>
    isImage(item) && stored.has(item.src) ? { ...item, src: stored.get(item.src)! } : item,
  );
  return { ...file, items };
}
