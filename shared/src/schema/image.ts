import { z } from 'zod';
import { baseItemShape } from './common';

export const IMAGE_TYPE = 'image' as const;

/** The image formats a board accepts (checked by content on the server, never by declared type). */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

/** A stored image's id: the SHA-256 of its bytes as 64 lowercase hex digits (content-addressed). */
export const blobHashValidator = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The server's grant for a blob (HMAC-SHA256 of its hash, base64url): proof that whoever holds it
 * could see the image, which lets it be linked into another board they edit (a copy pasted there).
 */
export const blobGrantValidator = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The response header that carries a served image's grant. */
export const BLOB_GRANT_HEADER = 'x-weboard-blob-grant';

export const imageValidator = z.object({
  ...baseItemShape,
  type: z.literal(IMAGE_TYPE),
  /** The image's blob on the server (`GET /api/boards/:id/blobs/:hash`). */
  src: blobHashValidator,
  /** Size of the picture in pixels, so that a reset or an export keeps its proportions. */
  naturalW: z.number().finite().positive().max(1_000_000),
  naturalH: z.number().finite().positive().max(1_000_000),
  /** What the picture shows, for people who cannot see it (and the file name by default). */
  alt: z.string().max(500),
  /** The file's name when it was added, if it had one. */
  name: z.string().max(200),
  /** A locked image cannot be moved or edited except by a facilitator. */
  locked: z.boolean().optional(),
});

/** A picture on the board: a pasted screenshot, a dropped or uploaded file. */
export type ImageItem = z.infer<typeof imageValidator>;

/** Defaults for a new image, apart from identity, position and its blob. */
export const imageDefaults = {
  rotation: 0,
  alt: '',
  name: '',
} as const satisfies Partial<ImageItem>;

export function isImage(item: { type: string }): item is ImageItem {
  return item.type === IMAGE_TYPE;
}

/** A new image item with defaults filled in; its size is the picture's unless given. */
export function makeImage(
  fields: Pick<ImageItem, 'id' | 'x' | 'y' | 'z' | 'createdBy' | 'src' | 'naturalW' | 'naturalH'> &
    Partial<ImageItem>,
  now: number = Date.now(),
): ImageItem {
  return {
    ...imageDefaults,
    w: fields.naturalW,
    h: fields.naturalH,
    createdAt: now,
    ...fields,
    type: IMAGE_TYPE,
  };
}
