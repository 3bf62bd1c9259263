import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './tokens';

/*
 * A blob grant is a capability for one image: HMAC-SHA256(secret, "blob:" + hash), base64url. The
 * server hands it to whoever may see the image (with the image and on upload), and takes it back
 * to link that image into another board the holder edits (http/blob-links.ts), so a picture copied
 * from one board pastes into another without a board token ever leaving its board. It says
 * nothing but "this person could see these bytes" and opens no board.
 *
 * Tokens sign base64url text, which never holds a ':', so no grant can pass for a token's
 * signature nor the other way round, though both use the same secret.
 */

/** Length of a grant: 32 bytes of HMAC-SHA256 in base64url, no padding. */
export const BLOB_GRANT_LENGTH = 43;

function mac(secret: string, hash: string): Buffer {
  return createHmac('sha256', secret).update(`blob:${hash}`).digest();
}

/** The grant for the image of `hash`, signed with the keyring's current key. */
export function blobGrant(keys: Keyring, hash: string): string {
  return mac(keys.current.secret, hash).toString('base64url');
}

/**
 * Whether `grant` is the server's grant for `hash`, under the current key or a previous one in its
 * grace period (a grant copied just before a rotation still pastes). Compared in constant time.
 */
export function checkBlobGrant(
  keys: Keyring,
  hash: string,
  grant: string,
  now = Date.now(),
): boolean {
  if (grant.length !== BLOB_GRANT_LENGTH || !/^[A-Za-z0-9_-]+$/.test(grant)) return false;
  const given = Buffer.from(grant, 'base64url');
  const candidates = [keys.current, ...(now < keys.previousUntil ? keys.previous : [])];
  let valid = false;
  for (const key of candidates) {
    const expected = mac(key.secret, hash);
    // Every key is tried, so the time taken does not tell which one matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}
