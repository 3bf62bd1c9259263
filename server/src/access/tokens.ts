import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import { z } from 'zod';

/** What a board token grants: a role on one board, valid while the board's generation for that role matches. */
export interface TokenClaims {
  boardId: string;
  role: Role;
  /** Bumped on the board to revoke every link of a role at once. */
  gen: number;
  /**
   * A personal grant (a person promoted to facilitator): the token is valid while that grant is,
   * whatever the role's link generation; revoking the grant cuts off only that person.
   */
  grant?: string;
  /** Expiry in seconds since the epoch; absent: the link never expires. */
  exp?: number;
}

/** A signing secret and its key id (the id names the key in tokens without revealing it). */
export interface SigningKey {
  kid: string;
  secret: string;
}

/**
 * The keys tokens are signed and checked with: new tokens are signed with `current`; tokens of a
 * `previous` key are accepted until `previousUntil` (ms since the epoch), so the secret can be
 * rotated with a grace period instead of killing every link at once.
 */
export interface Keyring {
  current: SigningKey;
  previous: SigningKey[];
  previousUntil: number;
}

/** Key id of a secret: the first 48 bits of its SHA-256, enough to pick among a handful of keys. */
export function keyId(secret: string): string {
  return createHash('sha256').update(`weboard-key-id:${secret}`).digest('base64url').slice(0, 8);
}

export function keyring(
  current: string,
  previous: readonly string[] = [],
  previousUntil = 0,
): Keyring {
  return {
    current: { kid: keyId(current), secret: current },
    previous: previous
      .filter((s) => s !== current)
      .map((secret) => ({ kid: keyId(secret), secret })),
    previousUntil,
  };
}

const payloadValidator = z.object({
  board: z.string().min(1).max(128),
  role: z.enum(ROLES),
  gen: z.number().int().nonnegative(),
  kid: z.string().min(1).max(64).optional(),
  grant: z.string().min(1).max(64).optional(),
  exp: z.number().int().positive().optional(),
});

function sign(secret: string, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest();
}

/**
 * A token `base64url(JSON payload).base64url(HMAC-SHA256 signature)` for the given claims, signed
 * with the keyring's current key, whose id the payload carries (`kid`).
 */
export function signToken(keys: Keyring | string, claims: TokenClaims): string {
  const ring = typeof keys === 'string' ? keyring(keys) : keys;
  const payload = JSON.stringify({
    board: claims.boardId,
    role: claims.role,
    gen: claims.gen,
    kid: ring.current.kid,
    ...(claims.grant === undefined ? {} : { grant: claims.grant }),
    ...(claims.exp === undefined ? {} : { exp: claims.exp }),
  });
  const encoded = Buffer.from(payload, 'utf8').toString('base64url');
  return `${encoded}.${sign(ring.current.secret, encoded).toString('base64url')}`;
}

/**
 * The keys a token of key id `kid` may be signed with right now. Tokens issued before key ids
 * existed carry none: they were signed with the secret current then, the current one or, after a
 * rotation, one of the previous ones, so all of them are tried.
 */
function candidateKeys(ring: Keyring, kid: string | undefined, now: number): SigningKey[] {
  const previous = now < ring.previousUntil ? ring.previous : [];
  const all = [ring.current, ...previous];
  return kid === undefined ? all : all.filter((key) => key.kid === kid);
}

/**
 * The claims of a correctly signed token, or null for anything forged, malformed, signed with an
 * unknown key or with a previous key after its grace period. Expiry is not checked here (see
 * {@link isExpired}), so callers can say "expired" rather than "invalid".
 */
export function verifyToken(
  keys: Keyring | string,
  token: string | undefined | null,
  now = Date.now(),
): TokenClaims | null {
  const ring = typeof keys === 'string' ? keyring(keys) : keys;
  if (typeof token !== 'string' || token.length > 1024) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [encoded, signature] = parts as [string, string];
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  // The payload is only trusted once a key's signature matches; before that it only says which
  // key to try.
  const parsed = payloadValidator.safeParse(json);
  if (!parsed.success) return null;
  const given = Buffer.from(signature, 'base64url');
  const signed = candidateKeys(ring, parsed.data.kid, now).some((key) => {
    const expected = sign(key.secret, encoded);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return null;
  const { board, role, gen, grant, exp } = parsed.data;
  return {
    boardId: board,
    role,
    gen,
    ...(grant === undefined ? {} : { grant }),
    ...(exp === undefined ? {} : { exp }),
  };
}

/** Whether the token's link has expired at `now` (ms since the epoch). */
export function isExpired(claims: TokenClaims, now = Date.now()): boolean {
  return claims.exp !== undefined && claims.exp * 1000 <= now;
}
