import { describe, expect, it } from 'vitest';
import { blobGrant, checkBlobGrant } from './blob-grants';
import { keyring, signToken } from './tokens';

const HASH = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);

describe('blob grants', () => {
  const keys = keyring('current-secret-current');

  it('accepts the grant of the hash it was made for, and no other', () => {
    const grant = blobGrant(keys, HASH);
    expect(grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(checkBlobGrant(keys, HASH, grant)).toBe(true);
    expect(checkBlobGrant(keys, OTHER, grant)).toBe(false);
    expect(checkBlobGrant(keyring('another-secret-another'), HASH, grant)).toBe(false);
  });

  it.each(['', 'a', `${'A'.repeat(42)}=`, 'A'.repeat(44), `${'A'.repeat(42)}+`])(
    'refuses a malformed grant %#',
    (grant) => expect(checkBlobGrant(keys, HASH, grant)).toBe(false),
  );

  it('is not a token signature, nor the other way round', () => {
    const token = signToken(keys, { boardId: 'b', role: 'viewer', gen: 0 });
    const signature = token.split('.')[1]!;
    expect(checkBlobGrant(keys, HASH, signature)).toBe(false);
    expect(signature).not.toBe(blobGrant(keys, HASH));
  });

  it('accepts a grant of a previous secret during its grace period only', () => {
    const before = blobGrant(keyring('old-secret-old-secret'), HASH);
    const rotated = keyring('current-secret-current', ['old-secret-old-secret'], 2_000);
    expect(checkBlobGrant(rotated, HASH, before, 1_000)).toBe(true);
    expect(checkBlobGrant(rotated, HASH, before, 3_000)).toBe(false);
    expect(blobGrant(rotated, HASH)).toBe(blobGrant(keys, HASH));
  });
});
