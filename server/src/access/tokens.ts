import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import { z } from 'zod';

/** What a board token grants: a role on one board, valid while the board's generation for that role matches. */
export interface TokenClaims {
  boardId: string;
  role: Role;
  /** Bumped on the board to revoke every link of a role at once. */
  gen: number;
}

const payloadValidator = z.object({
  board: z.string().min(1).max(128),
  role: z.enum(ROLES),
  gen: z.number().int().nonnegative(),
});

function sign(secret: string, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

/** A token `base64url(JSON payload).base64url(HMAC-SHA256 signature)` for the given claims. */
export function signToken(secret: string, claims: TokenClaims): string {
  const payload = JSON.stringify({ board: claims.boardId, role: claims.role, gen: claims.gen });
  const encoded = Buffer.from(payload, 'utf8').toString('base64url');
  return `${encoded}.${sign(secret, encoded).toString('base64url')}`;
}

/** The claims of a correctly signed token, or null for anything forged, malformed or signed with another secret. */
export function verifyToken(secret: string, token: string | undefined | null): TokenClaims | null {
  if (typeof token !== 'string' || token.length > 1024) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [encoded, signature] = parts as [string, string];
  const expected = sign(secret, encoded);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = payloadValidator.safeParse(json);
  if (!parsed.success) return null;
  return { boardId: parsed.data.board, role: parsed.data.role, gen: parsed.data.gen };
}
