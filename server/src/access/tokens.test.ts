import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './tokens';

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
});
