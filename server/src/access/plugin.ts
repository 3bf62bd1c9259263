import { roleAtLeast } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';
import type { BoardRecord } from '../storage/board-store';
import { loadOrCreateSecret } from './secret';
import { signToken, verifyToken } from './tokens';

/** A request's proven access to one board. */
export interface BoardAccess {
  board: BoardRecord;
  role: Role;
}

export interface Access {
  /** A token granting `role` on `board`, valid until the board's generation for that role changes. */
  tokenFor(board: BoardRecord, role: Role): string;
  /**
   * Checks the request's token (`Authorization: Bearer …` or `?token=…`) against board `boardId`.
   * Throws 401 for a missing, invalid, revoked or other-board token, 404 for an unknown board and
   * 403 when the role is weaker than `required`.
   */
  authorize(request: FastifyRequest, boardId: string, required: Role): Promise<BoardAccess>;
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

async function accessPlugin(app: FastifyInstance): Promise<void> {
  const secret = app.config.secret ?? loadOrCreateSecret(app.config.dataDir);
  app.decorate('secret', secret);

  const access: Access = {
    tokenFor(board, role) {
      return signToken(secret, { boardId: board.id, role, gen: board.generations[role] });
    },
    async authorize(request, boardId, required) {
      const token = tokenOf(request);
      if (!token) throw new AppError('Unauthorized', 'A board token is required');
      const claims = verifyToken(secret, token);
      if (!claims) throw new AppError('Unauthorized', 'Invalid token');
      if (claims.boardId !== boardId)
        throw new AppError('Unauthorized', 'Token is for another board');
      const board = await app.store.getBoard(boardId);
      if (!board) throw new AppError('BoardNotFound', 'Board not found');
      if (board.generations[claims.role] !== claims.gen) {
        throw new AppError('Unauthorized', 'This link has been revoked');
      }
      if (!roleAtLeast(claims.role, required)) {
        throw new AppError(
          'Forbidden',
          `This needs the ${required} role; the token grants ${claims.role}`,
        );
      }
      return { board, role: claims.role };
    },
  };
  app.decorate('access', access);
}

export default fp(accessPlugin, { name: 'weboard-access', dependencies: ['weboard-storage'] });
