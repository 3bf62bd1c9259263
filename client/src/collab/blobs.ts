import {
  BLOB_GRANT_HEADER,
  ErrorCode,
  IMAGE_MIME_TYPES,
  blobGrantValidator,
} from '@weboard/shared';
import type { ApiError } from '@weboard/shared';

/*
 * The board's images as the browser sees them: uploads (POST /api/boards/:id/blobs) and a cache
 * of decoded pictures by hash, fetched with the board's token (an <img src> could not send it in a
 * header). One board per page, so the source is set once by the session. Each picture comes with
 * its grant (server/src/access/blob-grants.ts), remembered so that a copy of it carries the grant
 * to the board it is pasted into, which links it before the copy lands (linkImage).
 */

/** The server's answer to an upload. */
export interface StoredImage {
  hash: string;
  type: string;
  size: number;
  grant?: string;
}

/** An upload the server refused, with its message (size limit, not an image…). */
export class ImageUploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageUploadError';
  }
}

interface Entry {
  image: HTMLImageElement | null;
  failed: boolean;
  loading: Promise<void> | null;
  listeners: Set<() => void>;
}

let source: { boardId: string; token: string } | null = null;
const entries = new Map<string, Entry>();
/** Hash → grant of every picture this page loaded or uploaded, whichever board it was on. */
const grants = new Map<string, string>();

/** Keeps the grant the server sent with a picture (ignoring anything not shaped like one). */
export function rememberGrant(hash: string, grant: string | null | undefined): void {
  if (blobGrantValidator.safeParse(grant).success) grants.set(hash, grant!);
}

/** The grant of a picture this page has seen, for a copy of it to carry. */
export function grantOf(hash: string): string | undefined {
  return grants.get(hash);
}

/** Sets the board whose images are read and written; returns the undo (the cache is dropped). */
export function setBlobSource(boardId: string, token: string): () => void {
  source = { boardId, token };
  return () => {
    if (source?.boardId !== boardId || source.token !== token) return;
    source = null;
    for (const entry of entries.values()) {
      if (entry.image?.src.startsWith('blob:')) URL.revokeObjectURL(entry.image.src);
    }
    entries.clear();
  };
}

/** Whether a file is one of the image types a board takes (the server checks the bytes again). */
export function isBoardImage(file: { type: string }): boolean {
  return (IMAGE_MIME_TYPES as readonly string[]).includes(file.type);
}

function base(): string {
  if (!source) throw new ImageUploadError(0, 'WB_ERR_NO_BOARD', 'No board is open.');
  return `/api/boards/${encodeURIComponent(source.boardId)}/blobs`;
}

/** Sends a file to the board's image store; its hash names it from then on. */
export async function uploadImage(file: Blob): Promise<StoredImage> {
  const url = base();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${source!.token}`,
        'content-type': file.type || 'application/octet-stream',
      },
      body: file,
    });
  } catch {
    throw new ImageUploadError(0, 'WB_ERR_NETWORK', 'The server could not be reached.');
  }
  const stored = (await answer(response, 'Upload')) as StoredImage;
  rememberGrant(stored.hash, stored.grant);
  return stored;
}

/** The JSON body of a successful response; an ImageUploadError with the server's words otherwise. */
async function answer(response: Response, what: string): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as Partial<ApiError> | null)?.error;
    throw new ImageUploadError(
      response.status,
      error?.code ?? ErrorCode.Internal.code,
      error?.message ?? `${what} failed (${response.status})`,
    );
  }
  return body;
}

/**
 * Makes a picture copied from another board readable by this one, with the grant its copy carried
 * (`POST /api/boards/:id/blobs/link`, editors only); a picture this board showed as unavailable
 * is loaded again. Throws an ImageUploadError saying why not (grant refused, image unknown…).
 */
export async function linkImage(hash: string, grant: string): Promise<void> {
  const url = `${base()}/link`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${source!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hash, grant }),
    });
  } catch {
    throw new ImageUploadError(0, 'WB_ERR_NETWORK', 'The server could not be reached.');
  }
  await answer(response, 'Linking the image');
  rememberGrant(hash, grant);
  const entry = entries.get(hash);
  if (entry?.failed) {
    entry.failed = false;
    void loadImage(hash);
  }
}

/** Whether this board's picture of `hash` is already shown here (so it needs no linking). */
export function holdsImage(hash: string): boolean {
  return Boolean(entries.get(hash)?.image);
}

function entryOf(hash: string): Entry {
  let entry = entries.get(hash);
  if (!entry) {
    entry = { image: null, failed: false, loading: null, listeners: new Set() };
    entries.set(hash, entry);
  }
  return entry;
}

function decode(blob: Blob): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = URL.createObjectURL(blob);
  return image.decode().then(() => image);
}

function settle(entry: Entry, image: HTMLImageElement | null): void {
  entry.image = image;
  entry.failed = image === null;
  for (const listener of [...entry.listeners]) listener();
}

/** Starts loading `hash` if nothing has; resolves when it is decoded or has failed. */
export function loadImage(hash: string): Promise<void> {
  const entry = entryOf(hash);
  if (entry.image || entry.failed) return Promise.resolve();
  if (entry.loading) return entry.loading;
  const current = source;
  entry.loading = (async () => {
    try {
      if (!current) throw new Error('no board');
      const response = await fetch(`${base()}/${hash}`, {
        headers: { authorization: `Bearer ${current.token}` },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      rememberGrant(hash, response.headers.get(BLOB_GRANT_HEADER));
      // A picture kept in the HTTP cache from before grants existed comes without one: ask for
      // the headers alone, so that a copy of it can still be pasted elsewhere.
      if (!grants.has(hash)) void fetchGrant(`${base()}/${hash}`, hash, current.token);
      settle(entry, await decode(await response.blob()));
    } catch {
      settle(entry, null);
    } finally {
      entry.loading = null;
    }
  })();
  return entry.loading;
}

async function fetchGrant(url: string, hash: string, token: string): Promise<void> {
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      cache: 'no-store',
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) rememberGrant(hash, response.headers.get(BLOB_GRANT_HEADER));
  } catch {
    // No grant: a copy of this picture pastes only where the picture already is.
  }
}

/**
 * Shows a file we just uploaded from its own bytes, so the person who added it never waits for
 * the download; resolves to the decoded picture (its natural size is the item's).
 */
export async function primeImage(hash: string, file: Blob): Promise<HTMLImageElement> {
  const entry = entryOf(hash);
  if (entry.image) return entry.image;
  const image = await decode(file);
  settle(entry, image);
  return image;
}

/** The decoded picture of `hash`, null while loading, 'failed' when it cannot be shown. */
export function imageOf(hash: string): HTMLImageElement | null | 'failed' {
  const entry = entries.get(hash);
  if (entry?.failed) return 'failed';
  return entry?.image ?? null;
}

/** Calls `listener` when `hash` finishes loading (or fails); returns the unsubscribe. */
export function subscribeImage(hash: string, listener: () => void): () => void {
  const entry = entryOf(hash);
  entry.listeners.add(listener);
  return () => entry.listeners.delete(listener);
}

/** Resolves once every one of `hashes` is decoded or has failed (before an export draws them). */
export async function imagesReady(hashes: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(hashes)].map(loadImage));
}
