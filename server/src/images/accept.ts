import { webcrypto } from 'node:crypto';
import type { ImageMimeType } from '@weboard/shared';
import { AppError } from '../errors';
import type { StoredBlob } from '../storage/blob-store';
import { sanitizeSvg } from './svg';

/** The raster formats recognised by their bytes (file-type's answer). */
const RASTER_TYPES: ReadonlySet<string> = new Set<ImageMimeType>([
  'image/png',
  'image/jpeg',
  'image/gif',
]);

const XML_TYPES: ReadonlySet<string> = new Set(['application/xml', 'text/xml']);

/** SHA-256 of `bytes` as 64 hex digits; WebCrypto hashes off the event loop. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await webcrypto.subtle.digest('SHA-256', bytes);
  return Buffer.from(digest).toString('hex');
}

/**
 * What a board stores for an uploaded file: its type from its content (the declared type is never
 * trusted: HTML sent as image/png is refused), SVG sanitised, and the hash of the bytes stored.
 * Throws `ImageTooLarge` (413) over `maxBytes` and `ImageTypeUnsupported` (415) for anything but
 * PNG, JPEG, GIF and SVG.
 */
export async function acceptImage(bytes: Uint8Array, maxBytes: number): Promise<StoredBlob> {
  if (bytes.byteLength > maxBytes) throw imageTooLarge(maxBytes);
  if (bytes.byteLength === 0) throw new AppError('BadRequest', 'The image is empty');
  // Loaded on the first image, like the SVG sanitiser: not part of every server's heap.
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = await fileTypeFromBuffer(bytes);
  let type: ImageMimeType;
  let stored = bytes;
  if (sniffed && RASTER_TYPES.has(sniffed.mime)) {
    type = sniffed.mime as ImageMimeType;
  } else {
    // file-type knows no SVG: it answers nothing, or XML for a file with an XML declaration.
    const svg = !sniffed || XML_TYPES.has(sniffed.mime) ? await sanitizeSvg(bytes) : null;
    if (!svg) {
      throw new AppError(
        'ImageTypeUnsupported',
        `Images must be PNG, JPEG, GIF or SVG${sniffed && !XML_TYPES.has(sniffed.mime) ? `; this file is ${sniffed.mime}` : ''}`,
      );
    }
    type = 'image/svg+xml';
    stored = svg;
  }
  return { hash: await sha256Hex(stored), type, bytes: stored };
}

/** The 413 for an image over the limit, naming the limit. */
export function imageTooLarge(maxBytes: number): AppError {
  return new AppError(
    'ImageTooLarge',
    `Images are limited to ${formatBytes(maxBytes)} (MAX_IMAGE_BYTES)`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : `${bytes} bytes`;
}
