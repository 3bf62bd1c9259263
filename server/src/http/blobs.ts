import { BLOB_GRANT_HEADER, blobHashValidator } from '@weboard/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import { blobGrant } from '../access/blob-grants';
import { acceptImage, imageTooLarge } from '../images/accept';
import { AppError, handleError } from '../errors';

/**
 * What a served image may do if opened on its own: nothing (no scripts, no fetches, no forms; a
 * sandboxed document). An SVG was sanitised on upload; this holds even if something slipped by.
 */
const BLOB_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

/** A year: a hash names its bytes forever, so a browser never needs to ask again. */
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Images of a board, stored by the server as content-addressed blobs (see storage/blob-store.ts):
 * `POST /api/boards/:id/blobs` (editor; the raw file as the body, whatever its Content-Type) answers
 * `{hash, type, size, grant}`; `GET /api/boards/:id/blobs/:hash` (any role) serves it, its grant in
 * the `x-weboard-blob-grant` header (access/blob-grants.ts: what lets a copy of the picture be
 * pasted into another board, http/blob-links.ts). The token is checked before the body is read, so
 * a refused upload costs no more than its headers.
 */
export default async function blobRoutes(app: FastifyInstance): Promise<void> {
  const maxBytes = app.config.maxImageBytes;
  // Encapsulated: these parsers read the upload as bytes for this plugin's routes only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Params: { id: string } }>('/api/boards/:id/blobs', {
    bodyLimit: maxBytes,
    onRequest: async (request) => {
      await app.access.authorize(request, request.params.id, 'editor');
    },
    // A body over the limit is refused before the handler runs; say what the limit is.
    errorHandler(error: FastifyError, request, reply) {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return handleError(imageTooLarge(maxBytes), request, reply);
      return handleError(error, request, reply);
    },
    handler: async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw new AppError('BadRequest', 'Send the image as the body');
      const blob = await acceptImage(
        new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        maxBytes,
      );
      await app.store.blobs.putBlob(request.params.id, blob);
      request.log.info(
        { boardId: request.params.id, hash: blob.hash, type: blob.type, size: blob.bytes.length },
        'image stored',
      );
      reply.code(201);
      return {
        hash: blob.hash,
        type: blob.type,
        size: blob.bytes.byteLength,
        grant: blobGrant(app.access.keys, blob.hash),
      };
    },
  });

  app.get<{ Params: { id: string; hash: string } }>(
    '/api/boards/:id/blobs/:hash',
    async (request, reply) => {
      const { board } = await app.access.authorize(request, request.params.id, 'viewer');
      const hash = blobHashValidator.safeParse(request.params.hash);
      if (!hash.success) throw new AppError('NotFound', 'Image not found');
      const blob = await app.store.blobs.getBlob(board.id, hash.data);
      if (!blob) throw new AppError('NotFound', 'Image not found');
      return reply
        .type(blob.type)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', BLOB_CSP)
        .header('cache-control', IMMUTABLE)
        .header('etag', `"${blob.hash}"`)
        .header(BLOB_GRANT_HEADER, blobGrant(app.access.keys, blob.hash))
        .send(Buffer.from(blob.bytes.buffer, blob.bytes.byteOffset, blob.bytes.byteLength));
    },
  );
}
