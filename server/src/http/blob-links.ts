import { blobHashValidator } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkBlobGrant } from '../access/blob-grants';
import { AppError } from '../errors';
import { badRequest } from './boards';

const linkBody = z.object({
  hash: blobHashValidator,
  // Any text: one that is not the server's grant is refused as such (403), not as malformed.
  grant: z.string().max(200),
});

/**
 * `POST /api/boards/:id/blobs/link` (editor of the board, JSON `{hash, grant}`): makes a stored
 * image readable by this board, for a picture copied from another board and pasted here. The grant
 * (access/blob-grants.ts) proves the caller could see the image; without it a hash alone would let
 * anyone who learnt one read someone else's picture. Answers `{hash, grant}`; linking again is
 * harmless. 403 `WB_ERR_BLOB_GRANT_INVALID` for a grant that is not the server's for that hash,
 * checked before the store so a forger learns nothing of which images exist; 404 for a hash the
 * store does not hold.
 */
export default async function blobLinkRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { id: string } }>('/api/boards/:id/blobs/link', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'editor');
    const body = linkBody.safeParse(request.body);
    if (!body.success) throw badRequest(body.error);
    const { hash, grant } = body.data;
    if (!checkBlobGrant(app.access.keys, hash, grant)) {
      throw new AppError('BlobGrantInvalid', "The image's grant is not valid on this server");
    }
    if (!(await app.store.blobs.linkBlob(board.id, hash))) {
      throw new AppError('NotFound', 'Image not found');
    }
    request.log.info({ boardId: board.id, hash }, 'image linked');
    return { hash, grant };
  });
}
