import { CloseCode, LINK_ROTATED_REASON, ROLES, WeBoardMessageType } from '@weboard/shared';
import type { BoardLinks, Role, RoleGrant } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { AppError } from '../errors';
import type { BoardRecord } from '../storage/board-store';
import { badRequest, publicBase } from './boards';

/** Links a facilitator may rotate; the facilitator link is not, so nobody locks themselves out. */
const ROTATABLE = ['editor', 'viewer'] as const satisfies readonly Role[];

const promoteBody = z.object({
  /** Awareness client id of the person to promote (as seen in the presence list). */
  clientId: z.number().int().nonnegative(),
  /** Name of the facilitator promoting, shown to the promoted person. */
  by: z.string().trim().max(200).optional(),
});

function linksOf(app: FastifyInstance, request: FastifyRequest, board: BoardRecord): BoardLinks {
  const base = publicBase(app, request);
  const links = Object.fromEntries(
    ROLES.map((role) => [role, `${base}/b/${board.id}?token=${app.access.tokenFor(board, role)}`]),
  ) as Record<Role, string>;
  return { links };
}

/**
 * Links and roles, all facilitator-only: `GET …/links` (every role's current link),
 * `POST …/links/:role/rotate` (new link; the old one and everyone who joined with it are cut off
 * with 4401) and `POST …/promote` (hands a connected editor a facilitator token over its websocket).
 */
export default async function linkRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/boards/:id/links', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    return linksOf(app, request, board);
  });

  app.post<{ Params: { id: string; role: string } }>(
    '/api/boards/:id/links/:role/rotate',
    async (request) => {
      const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
      const role = ROTATABLE.find((r) => r === request.params.role);
      if (!role) {
        throw new AppError(
          'BadRequest',
          `Only the ${ROTATABLE.join(' and ')} links can be rotated`,
        );
      }
      const rotated = await app.store.rotateGeneration(board.id, role);
      if (!rotated) throw new AppError('BoardNotFound', 'Board not found');
      const closed = await app.sync.disconnect(
        board.id,
        role,
        CloseCode.Unauthorized,
        LINK_ROTATED_REASON,
      );
      request.log.info({ boardId: board.id, role, closed }, 'link rotated');
      return linksOf(app, request, rotated);
    },
  );

  app.post<{ Params: { id: string } }>('/api/boards/:id/promote', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    const parsed = promoteBody.safeParse(request.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const target = await app.sync.presenceConnection(board.id, parsed.data.clientId);
    if (!target)
      throw new AppError('NotFound', 'Nobody with that presence is connected to this board');
    if (target.role !== 'editor') {
      throw new AppError(
        'BadRequest',
        `Only an editor can be promoted; this person is a ${target.role}`,
      );
    }
    const grant: RoleGrant = {
      role: 'facilitator',
      token: app.access.tokenFor(board, 'facilitator'),
      by: parsed.data.by ?? '',
    };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, WeBoardMessageType.RoleGrant);
    encoding.writeVarString(encoder, JSON.stringify(grant));
    target.send(encoding.toUint8Array(encoder));
    request.log.info({ boardId: board.id }, 'editor promoted to facilitator');
    return { role: 'facilitator' };
  });
}
