import { LINK_EXPIRED_REASON, roleAtLeast } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';
import type { BoardRecord } from '../storage/board-store';
import { loadOrCreateSecret } from './secret';
import { isExpired, keyring, signToken, verifyToken } from './tokens';
import type { Keyring, TokenClaims } from './tokens';

/** A request's proven access to one board. */
export interface BoardAccess {
  board: BoardRecord;
  role: Role;
  /** The personal grant the token belongs to; absent for a board's shared link of the role. */
  grant?: string;
}

/** Outcome of checking a token's signature and expiry (no storage involved). */
export type TokenCheck = { claims: TokenClaims } | { refused: string };

export interface Access {
  /** The keys tokens are signed and checked with (current, and previous ones during their grace). */
  readonly keys: Keyring;
  /**
   * A token granting `role` on `board`: the role's shared link (valid until the board's
   * generation for that role changes) or, with `grant`, a personal grant's (valid until that grant
   * is revoked). `exp` (seconds since the epoch) makes it expire.
   */
  tokenFor(board: BoardRecord, role: Role, options?: { grant?: string; exp?: number }): string;
  /** Checks a token's signature, board and expiry; the `refused` text says why not. */
  checkToken(token: string | undefined, boardId: string): TokenCheck;
  /** Why the board no longer honours these claims (link rotated, grant revoked), or null. */
  revoked(board: BoardRecord, claims: TokenClaims): Promise<string | null>;
  /**
   * Checks the request's token (`Authorization: Bearer …` or `?token=…`) against board `boardId`.
   * Throws 401 for a missing, invalid, expired, revoked or other-board token, 404 for an unknown
   * board and 403 when the role is weaker than `required`.
   */
  authorize(request: FastifyRequest, boardId: string, required: Role): Promise<BoardAccess>;
}

/** The request's token: `Authorization: Bearer …` or `?token=…`. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

async function accessPlugin(app: FastifyInstance): Promise<void> {
  const { config } = app;
  const current = config.secret ?? loadOrCreateSecret(config.dataDir, app.log);
  const keys = keyring(current, config.previousSecrets, config.previousSecretsUntil ?? 0);
  if (keys.previous.length > 0) {
    app.log.info(
      {
        kids: keys.previous.map((key) => key.kid),
        until: new Date(keys.previousUntil).toISOString(),
      },
      'accepting links signed with previous secrets until the end of their grace period',
    );
  }

  const access: Access = {
    keys,
    tokenFor(board, role, options = {}) {
      return signToken(keys, {
        boardId: board.id,
        role,
        gen: board.generations[role],
        ...options,
      });
    },
    checkToken(token, boardId) {
      if (!token) return { refused: 'A board token is required' };
      const claims = verifyToken(keys, token);
      if (!claims) return { refused: 'Missing or invalid token' };
      if (claims.boardId !== boardId) return { refused: 'Token is for another board' };
      if (isExpired(claims)) return { refused: LINK_EXPIRED_REASON };
      return { claims };
    },
    async revoked(board, claims) {
      if (claims.grant !== undefined) {
        const grant = await app.store.getGrant(board.id, claims.grant);
        if (!grant || grant.revokedAt !== null || grant.role !== claims.role) {
          return 'Your access to this board was taken back by a facilitator';
        }
        return null;
      }
      return board.generations[claims.role] === claims.gen ? null : 'This link has been revoked';
    },
    async authorize(request, boardId, required) {
      const checked = access.checkToken(tokenOf(request), boardId);
      if ('refused' in checked) throw new AppError('Unauthorized', checked.refused);
      const { claims } = checked;
      const board = await app.store.getBoard(boardId);
      if (!board) throw new AppError('BoardNotFound', 'Board not found');
      const revoked = await access.revoked(board, claims);
      if (revoked) throw new AppError('Unauthorized', revoked);
      if (!roleAtLeast(claims.role, required)) {
        throw new AppError(
          'Forbidden',
          `This needs the ${required} role; the token grants ${claims.role}`,
        );
      }
      return {
        board,
        role: claims.role,
        ...(claims.grant === undefined ? {} : { grant: claims.grant }),
      };
    },
  };
  app.decorate('access', access);
}

export default fp(accessPlugin, { name: 'weboard-access', dependencies: ['weboard-storage'] });
