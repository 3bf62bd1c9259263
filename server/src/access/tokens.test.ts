import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isExpired, keyId, keyring, signToken, verifyToken } from './tokens';

const SECRET = 'test-secret-test-secret';

describe('board tokens', () => {
  const claims = { boardId: 'board-1', role: 'editor', gen: 3 } as const;

  it('verifies what it signed', () => {
    const token = signToken(SECRET, claims);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifyToken(SECRET, token)).toEqual(claims);
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyToken('another-secret-another', signToken(SECRET, claims))).toBeNull();
  });

  it('rejects a payload changed after signing', () => {
    const [, signature] = signToken(SECRET, claims).split('.');
    const raised = Buffer.from(
      JSON.stringify({ board: 'board-1', role: 'facilitator', gen: 3 }),
    ).toString('base64url');
    expect(verifyToken(SECRET, `${raised}.${signature}`)).toBeNull();
  });

  it.each([
    undefined,
    null,
    '',
    'abc',
    'a.b.c',
    '.',
    'x'.repeat(2000),
    `${'e30'}.${'A'.repeat(43)}`,
  ])('rejects malformed token %#', (token) => {
    expect(verifyToken(SECRET, token)).toBeNull();
  });

  it('rejects a correctly signed payload with the wrong shape', () => {
    // Signed with our secret, but not a token we would ever issue.
    const encoded = Buffer.from(JSON.stringify({ board: 'b', role: 'owner', gen: 0 })).toString(
      'base64url',
    );
    const signature = createHmac('sha256', SECRET).update(encoded).digest('base64url');
    expect(verifyToken(SECRET, `${encoded}.${signature}`)).toBeNull();
  });

  it('names its key and is checked with that key only, previous keys until their grace ends', () => {
    const OLD = 'the-previous-secret-value';
    const oldToken = signToken(OLD, claims);
    expect(JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString())).toMatchObject({
      kid: keyId(OLD),
    });
    const now = Date.now();
    const rotated = keyring(SECRET, [OLD], now + 1000);
    expect(verifyToken(rotated, oldToken, now)).toEqual(claims);
    expect(verifyToken(rotated, oldToken, now + 1000)).toBeNull();
    // A key id nobody holds is refused even when the signature would match another key.
    const [encoded] = signToken(SECRET, claims).split('.');
    const payload = JSON.parse(Buffer.from(encoded!, 'base64url').toString()) as object;
    const relabelled = Buffer.from(JSON.stringify({ ...payload, kid: 'unknown1' })).toString(
      'base64url',
    );
    const signature = createHmac('sha256', SECRET).update(relabelled).digest('base64url');
    expect(verifyToken(SECRET, `${relabelled}.${signature}`)).toBeNull();
  });

  it('carries a grant and an expiry', () => {
    const token = signToken(SECRET, { ...claims, grant: 'g1', exp: 1000 });
    const read = verifyToken(SECRET, token)!;
    expect(read).toEqual({ ...claims, grant: 'g1', exp: 1000 });
    expect(isExpired(read, 999_999)).toBe(false);
    expect(isExpired(read, 1_000_000)).toBe(true);
    expect(isExpired(claims)).toBe(false);
  });
});
