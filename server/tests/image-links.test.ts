import { createHash, createHmac, randomBytes } from 'node:crypto';
import { BLOB_GRANT_HEADER, ErrorCode } from '@weboard/shared';
import type { ApiError } from '@weboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBoardStore } from '../src/storage/postgres-store';
import { testDatabaseUrl } from '../src/storage/test-database';
import { createBoard, startServer, tempDir, testConfig } from './helpers';
import type { TestBoard, TestServer } from './helpers';

/*
 * A picture copied from one board and pasted into another: the server hands out a grant with each
 * image it serves or stores, and `POST /api/boards/:id/blobs/link` takes it back to make the image
 * readable by a board the caller edits. Run on SQLite (one server) and on PostgreSQL (two
 * instances sharing the store: uploaded through one, linked and read through the other).
 */

const SECRET = 'image-links-test-secret';

/** A 1×1 GIF whose first palette colour is `rgb`, so each test has bytes (and a hash) of its own. */
function gif(rgb: readonly [number, number, number]): Buffer {
  const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
  gif.set(rgb, 13); // the first colour of the global colour table
  return gif;
}

const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The grant as the server computes it, for a hash it never stored. */
const grantOf = (hash: string) =>
  createHmac('sha256', SECRET).update(`blob:${hash}`).digest('base64url');

describe.each([
  ['SQLite', false],
  ['PostgreSQL, two instances', true],
])('linking a pasted image into another board (%s)', (_name, postgres) => {
  const data = tempDir();
  const schema = `wb_links_${randomBytes(6).toString('hex')}`;
  let uploads: TestServer;
  let links: TestServer;
  let source: TestBoard;
  let target: TestBoard;

  beforeAll(async () => {
    const env: Record<string, string> = {
      WEBOARD_SECRET: SECRET,
      REST_RATE_LIMIT_PER_MINUTE: '10000',
      ...(postgres ? { DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema } : {}),
    };
    uploads = await startServer(testConfig(data.dir, env));
    links = postgres ? await startServer(testConfig(data.dir, env)) : uploads;
    source = await createBoard(uploads.app, 'Where the picture was added');
    target = await createBoard(links.app, 'Where it is pasted');
  });

  afterAll(async () => {
    if (links !== uploads) await links.close();
    await uploads.close();
    if (postgres) {
      const store = new PostgresBoardStore({ connectionString: testDatabaseUrl(), schema });
      await store.dropSchema();
      await store.close();
    }
    data.remove();
  });

  const url = (server: TestServer, path: string) =>
    `${server.wsUrl.replace('ws:', 'http:')}/api/boards/${path}`;

  async function upload(bytes: Buffer): Promise<{ hash: string; grant: string }> {
    const response = await fetch(url(uploads, `${source.id}/blobs`), {
      method: 'POST',
      headers: { 'content-type': 'image/gif', authorization: `Bearer ${source.tokens.editor}` },
      body: new Uint8Array(bytes),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { hash: string; grant: string };
  }

  const read = (hash: string, board: TestBoard, token = board.tokens.viewer) =>
    fetch(url(links, `${board.id}/blobs/${hash}`), {
      headers: { authorization: `Bearer ${token}` },
    });

  const link = (body: unknown, token = target.tokens.editor, board = target) =>
    fetch(url(links, `${board.id}/blobs/link`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  async function expectError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(((await response.json()) as ApiError).error.code).toBe(code);
  }

  it('links with the grant the image came with; the target board then serves it', async () => {
    const bytes = gif([200, 10, 10]);
    const stored = await upload(bytes);
    expect(stored.hash).toBe(hashOf(bytes));
    expect(stored.grant).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Whoever can see the picture gets the same grant with it, a viewer included.
    const served = await read(stored.hash, source);
    expect(served.headers.get(BLOB_GRANT_HEADER)).toBe(stored.grant);
    // Also to a HEAD, which a browser holding the picture in its HTTP cache from before grants uses.
    const head = await fetch(url(links, `${source.id}/blobs/${stored.hash}`), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${source.tokens.viewer}` },
    });
    expect(head.headers.get(BLOB_GRANT_HEADER)).toBe(stored.grant);

    await expectError(await read(stored.hash, target), 404, ErrorCode.NotFound.code);
    const linked = await link({ hash: stored.hash, grant: stored.grant });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toEqual({ hash: stored.hash, grant: stored.grant });

    const after = await read(stored.hash, target);
    expect(after.status).toBe(200);
    expect(after.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await after.arrayBuffer()).equals(bytes)).toBe(true);
    // The target's token still opens only the target: the source board is not its to read.
    await expectError(
      await read(stored.hash, source, target.tokens.viewer),
      401,
      ErrorCode.Unauthorized.code,
    );
  });

  it('links again without complaint, from any editor of the board', async () => {
    const stored = await upload(gif([10, 200, 10]));
    for (const token of [target.tokens.editor, target.tokens.facilitator, target.tokens.editor]) {
      expect((await link({ hash: stored.hash, grant: stored.grant }, token)).status).toBe(200);
    }
    expect((await read(stored.hash, target)).status).toBe(200);
  });

  it('refuses a forged grant, or the grant of another image, with 403', async () => {
    const a = await upload(gif([10, 10, 200]));
    const b = await upload(gif([200, 200, 10]));
    const forged = createHmac('sha256', 'not-the-server-secret')
      .update(`blob:${b.hash}`)
      .digest('base64url');
    const refused = ErrorCode.BlobGrantInvalid;
    for (const grant of [forged, a.grant, '', 'x'.repeat(43), `${b.grant}=`, b.grant.slice(1)]) {
      const response = await link({ hash: b.hash, grant });
      await expectError(response, refused.status, refused.code);
    }
    // A forged grant for a hash the server never stored is refused the same way: whether an image
    // exists is not for a forger to learn.
    const never = hashOf(Buffer.from('never uploaded'));
    await expectError(await link({ hash: never, grant: forged }), refused.status, refused.code);
    await expectError(await read(b.hash, target), 404, ErrorCode.NotFound.code);
  });

  it('refuses a viewer, a missing token and another board’s editor', async () => {
    const stored = await upload(gif([90, 90, 90]));
    const body = { hash: stored.hash, grant: stored.grant };
    await expectError(await link(body, target.tokens.viewer), 403, ErrorCode.Forbidden.code);
    await expectError(await link(body, ''), 401, ErrorCode.Unauthorized.code);
    await expectError(await link(body, source.tokens.editor), 401, ErrorCode.Unauthorized.code);
    await expectError(await read(stored.hash, target), 404, ErrorCode.NotFound.code);
  });

  it('answers 404 for a good grant of an image the store does not hold, 400 for a bad body', async () => {
    const never = hashOf(Buffer.from('a picture nobody uploaded'));
    await expectError(
      await link({ hash: never, grant: grantOf(never) }),
      404,
      ErrorCode.NotFound.code,
    );
    await expectError(await read(never, target), 404, ErrorCode.NotFound.code);
    await expectError(
      await link({ hash: 'NOT-A-HASH', grant: grantOf('x') }),
      400,
      ErrorCode.BadRequest.code,
    );
    await expectError(await link({ hash: never }), 400, ErrorCode.BadRequest.code);
  });
});
