import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  DEMOTED_REASON,
  LINK_ROTATED_REASON,
  REMOVED_REASON,
  WeBoardMessageType,
} from '@weboard/shared';
import type { BoardGrant, BoardLinks, Role, RoleGrant } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import type { BoardAccess } from '../access/plugin';
import { AppError } from '../errors';
import type { BoardRecord, GrantRecord } from '../storage/board-store';
import { badRequest, publicBase } from './boards';

const ROTATABLE = ['facilitator', 'editor', 'viewer'] as const satisfies readonly Role[];

/** Longest expiry a link may be given: a year. */
const MAX_EXPIRES_IN_SECONDS = 366 * 24 * 3600;

const promoteBody = z.object({
  /** Awareness client id of the person to promote (as seen in the presence list). */
  clientId: z.number().int().nonnegative(),
  /** Name of the facilitator promoting, shown to the promoted person. */
  by: z.string().trim().max(200).optional(),
  /** Name of the person promoted, for the list of grants. */
  name: z.string().trim().max(200).optional(),
});

const linksQuery = z.object({
  /** Seconds from now until the links stop working; absent: they never expire. */
  expiresIn: z.coerce.number().int().min(60).max(MAX_EXPIRES_IN_SECONDS).optional(),
});

function grantMessage(grant: RoleGrant): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, WeBoardMessageType.RoleGrant);
  encoding.writeVarString(encoder, JSON.stringify(grant));
  return encoding.toUint8Array(encoder);
}

function publicGrant(grant: GrantRecord): BoardGrant {
  const { id, role, name, grantedBy, createdAt } = grant;
  return { id, role, name, grantedBy, createdAt };
}

/** A personal grant holder is a facilitator, but the board's own facilitator link outranks them. */
function requireFacilitatorLink(access: BoardAccess, what: string): void {
  if (access.grant !== undefined) {
    throw new AppError('Forbidden', `Only the holder of the board's facilitator link can ${what}`);
  }
}

/**
 * Links and people, all facilitator-only:
 * - `GET …/links[?expiresIn=s]`: every role's current link (the facilitator link only for its
 *   holders), optionally expiring;
 * - `POST …/links/:role/rotate`: a new link; the old one and everyone who joined with it are cut
 *   off with 4401 (the facilitator link only by its holders);
 * - `POST …/promote`: a personal facilitator grant for a connected editor, sent over its websocket;
 * - `GET …/grants`, `DELETE …/grants/:grantId` (demote);
 * - `POST …/people/:clientId/remove`: closes a person's connections and revokes their grant.
 */
export default async function linkRoutes(app: FastifyInstance): Promise<void> {
  function linksOf(
    request: FastifyRequest,
    board: BoardRecord,
    access: BoardAccess,
    expiresIn?: number,
  ): BoardLinks {
    const base = publicBase(app, request);
    const exp = expiresIn === undefined ? {} : { exp: Math.floor(Date.now() / 1000) + expiresIn };
    const link = (role: Role) =>
      `${base}/b/${board.id}?token=${app.access.tokenFor(board, role, exp)}`;
    return {
      links: {
        ...(access.grant === undefined ? { facilitator: link('facilitator') } : {}),
        editor: link('editor'),
        viewer: link('viewer'),
      },
    };
  }

  app.get<{ Params: { id: string } }>('/api/boards/:id/links', async (request) => {
    const access = await app.access.authorize(request, request.params.id, 'facilitator');
    const query = linksQuery.safeParse(request.query ?? {});
    if (!query.success) throw badRequest(query.error);
    return linksOf(request, access.board, access, query.data.expiresIn);
  });

  app.post<{ Params: { id: string; role: string } }>(
    '/api/boards/:id/links/:role/rotate',
    async (request) => {
      const access = await app.access.authorize(request, request.params.id, 'facilitator');
      const role = ROTATABLE.find((r) => r === request.params.role);
      if (!role) throw new AppError('BadRequest', `There is no ${request.params.role} link`);
      if (role === 'facilitator') requireFacilitatorLink(access, 'rotate it');
      const rotated = await app.store.rotateGeneration(access.board.id, role);
      if (!rotated) throw new AppError('BoardNotFound', 'Board not found');
      // Personal grants of the role stay: rotating a link cuts off only those who joined with it.
      const closed = await app.sync.disconnect(
        access.board.id,
        { role, sharedLink: true },
        CloseCode.Unauthorized,
        LINK_ROTATED_REASON,
      );
      request.log.info({ boardId: access.board.id, role, closed }, 'link rotated');
      return linksOf(request, rotated, access);
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
    const grant: GrantRecord = {
      id: randomBytes(12).toString('base64url'),
      boardId: board.id,
      role: 'facilitator',
      name: parsed.data.name || 'Someone',
      grantedBy: parsed.data.by ?? '',
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    await app.store.createGrant(grant);
    target.send(
      grantMessage({
        role: 'facilitator',
        token: app.access.tokenFor(board, 'facilitator', { grant: grant.id }),
        by: grant.grantedBy,
      }),
    );
    request.log.info({ boardId: board.id, grant: grant.id }, 'editor promoted to facilitator');
    return { role: 'facilitator', grant: publicGrant(grant) };
  });

  app.get<{ Params: { id: string } }>('/api/boards/:id/grants', async (request) => {
    const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
    return { grants: (await app.store.listGrants(board.id)).map(publicGrant) };
  });

  app.delete<{ Params: { id: string; grantId: string } }>(
    '/api/boards/:id/grants/:grantId',
    async (request, reply) => {
      const { board } = await app.access.authorize(request, request.params.id, 'facilitator');
      const { grantId } = request.params;
      const revoked = await app.store.revokeGrant(board.id, grantId, new Date().toISOString());
      if (!revoked) throw new AppError('NotFound', 'This board has no such grant');
      // Back to editing: they were an editor when promoted. The WeBoard client switches to the
      // editor link it is handed just before the close; a stock client just sees the 4401.
      const back = grantMessage({
        role: 'editor',
        token: app.access.tokenFor(board, 'editor'),
        by: '',
      });
      const closed = await app.sync.disconnect(
        board.id,
        { grant: grantId },
        CloseCode.Unauthorized,
        DEMOTED_REASON,
        back,
      );
      request.log.info({ boardId: board.id, grant: grantId, closed }, 'facilitator demoted');
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string; clientId: string } }>(
    '/api/boards/:id/people/:clientId/remove',
    async (request) => {
      const access = await app.access.authorize(request, request.params.id, 'facilitator');
      const clientId = z.coerce.number().int().nonnegative().safeParse(request.params.clientId);
      if (!clientId.success) throw badRequest(clientId.error);
      const { board } = access;
      const target = await app.sync.presenceConnection(board.id, clientId.data);
      if (target?.role === 'facilitator' && target.grant === undefined) {
        requireFacilitatorLink(access, 'remove another holder of that link');
      }
      let revokedGrant: string | null = null;
      if (target?.grant !== undefined) {
        if (await app.store.revokeGrant(board.id, target.grant, new Date().toISOString()))
          revokedGrant = target.grant;
      }
      // Every tab of a personal grant goes; someone on a shared link is only this connection
      // (the link itself stays valid until it is rotated).
      const closed = await app.sync.disconnect(
        board.id,
        target?.grant !== undefined
          ? { grant: target.grant }
          : { awarenessClientId: clientId.data },
        CloseCode.Unauthorized,
        REMOVED_REASON,
      );
      // With Redis the person may be on another instance, where the close went too.
      if (!target && !app.config.redisUrl) {
        throw new AppError('NotFound', 'Nobody with that presence is connected to this board');
      }
      request.log.info({ boardId: board.id, closed, revokedGrant }, 'person removed');
      return { closed, revokedGrant };
    },
  );
}
