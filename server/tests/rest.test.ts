import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { ErrorCode } from '@weboard/shared';
import type { ApiError, BoardInfo } from '@weboard/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { isHashedAsset } from '../src/http/static';
import { createBoard, tempDir, testConfig } from './helpers';
import type { TestBoard } from './helpers';

function expectError(
  response: { statusCode: number; json: <T>() => T },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.json<ApiError>()).toEqual({ error: { code, message: expect.any(String) } });
}

describe('REST API', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let board: TestBoard;
  let other: TestBoard;

  beforeAll(async () => {
    app = await buildApp(testConfig(data.dir, { PUBLIC_URL: 'https://weboard.example/' }));
    board = await createBoard(app, '  Sprint planning  ');
    other = await createBoard(app, 'Other');
  });

  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('creates a board with a link per role', () => {
    expect(board.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(board.id).not.toBe(other.id);
    expect(board.title).toBe('Sprint planning');
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      expect(board.links[role]).toMatch(
        new RegExp(`^https://weboard\\.example/b/${board.id}\\?token=[\\w-]+\\.[\\w-]+$`),
      );
    }
    expect(new Set(Object.values(board.tokens)).size).toBe(3);
  });

  it('derives links from the Host header without PUBLIC_URL', async () => {
    const local = await buildApp(testConfig(data.dir));
    try {
      const response = await local.inject({
        method: 'POST',
        url: '/api/boards',
        headers: { host: 'board.local:1234' },
        payload: { title: 'x' },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json<{ links: { editor: string } }>().links.editor).toMatch(
        /^http:\/\/board\.local:1234\/b\//,
      );
    } finally {
      await local.close();
    }
  });

  it.each([
    ['no body', undefined],
    ['no title', {}],
    ['empty title', { title: '' }],
    ['blank title', { title: '   ' }],
    ['title not a string', { title: 42 }],
    ['title too long', { title: 'x'.repeat(201) }],
  ])('rejects %s with 400', async (_name, payload) => {
    const response = await app.inject({ method: 'POST', url: '/api/boards', payload });
    expectError(response, 400, ErrorCode.BadRequest.code);
  });

  it('answers malformed JSON and oversized bodies with JSON errors', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: '/api/boards',
      headers: { 'content-type': 'application/json' },
      payload: '{"title":',
    });
    expectError(broken, 400, ErrorCode.BadRequest.code);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: { title: 'x'.repeat(2 * 1024 * 1024) },
    });
    expectError(huge, 413, ErrorCode.PayloadTooLarge.code);
  });

  it('returns board info for any role, from header or query token', async () => {
    const byHeader = await app.inject({
      url: `/api/boards/${board.id}`,
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.json<BoardInfo>()).toEqual({
      id: board.id,
      title: 'Sprint planning',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      role: 'viewer',
    });
    const byQuery = await app.inject({
      url: `/api/boards/${board.id}?token=${board.tokens.facilitator}`,
    });
    expect(byQuery.json<BoardInfo>().role).toBe('facilitator');
  });

  it('refuses missing, forged and other-board tokens with 401', async () => {
    expectError(
      await app.inject({ url: `/api/boards/${board.id}` }),
      401,
      ErrorCode.Unauthorized.code,
    );
    const forged = `${board.tokens.viewer.slice(0, -4)}AAAA`;
    expectError(
      await app.inject({ url: `/api/boards/${board.id}?token=${forged}` }),
      401,
      ErrorCode.Unauthorized.code,
    );
    expectError(
      await app.inject({
        url: `/api/boards/${board.id}`,
        headers: { authorization: `Bearer ${other.tokens.editor}` },
      }),
      401,
      ErrorCode.Unauthorized.code,
    );
  });

  it('answers 404 for an unknown board and unknown API routes', async () => {
    const ghost = {
      id: 'no-such-board',
      title: '',
      createdAt: '',
      generations: { viewer: 0, editor: 0, facilitator: 0 },
    };
    const token = app.access.tokenFor(ghost, 'editor');
    expectError(
      await app.inject({ url: `/api/boards/${ghost.id}?token=${token}` }),
      404,
      ErrorCode.BoardNotFound.code,
    );
    expectError(await app.inject({ url: '/api/nothing-here' }), 404, ErrorCode.NotFound.code);
    expectError(
      await app.inject({ method: 'DELETE', url: '/healthz' }),
      404,
      ErrorCode.NotFound.code,
    );
  });

  it('enforces roles on snapshots: 403 for a viewer and an editor, 201 for a facilitator', async () => {
    const url = `/api/boards/${board.id}/snapshots`;
    for (const role of ['viewer', 'editor'] as const) {
      const refused = await app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${board.tokens[role]}` },
        payload: { name: 'before' },
      });
      expectError(refused, 403, ErrorCode.Forbidden.code);
    }

    const created = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
      payload: { name: 'before' },
    });
    expect(created.statusCode).toBe(201);
    const snapshot = created.json<{ id: string; name: string }>();
    expect(snapshot.name).toBe('before');

    const list = await app.inject({ url: `${url}?token=${board.tokens.viewer}` });
    expect(list.json()).toEqual([snapshot]);
    const one = await app.inject({ url: `${url}/${snapshot.id}?token=${board.tokens.viewer}` });
    expect(one.json()).toMatchObject({
      id: snapshot.id,
      meta: { title: 'Sprint planning' },
      items: [],
    });
  });

  it('reports health', async () => {
    const response = await app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('keeps tokens out of the request log', async () => {
    const lines: string[] = [];
    const logged = await buildApp(
      { ...testConfig(data.dir), logLevel: 'info' },
      { logStream: { write: (line: string) => lines.push(line) } },
    );
    try {
      await logged.inject({ url: `/api/boards/${board.id}?token=${board.tokens.editor}` });
      await logged.inject({
        url: `/api/boards/${board.id}`,
        headers: { authorization: `Bearer ${board.tokens.editor}` },
      });
    } finally {
      await logged.close();
    }
    const output = lines.join('');
    expect(output).toContain(`/api/boards/${board.id}`);
    expect(output).not.toContain(board.tokens.editor.split('.')[1]!);
  });
});

describe('static client', () => {
  const data = tempDir();
  let app: FastifyInstance;

  beforeAll(async () => {
    const clientDir = path.join(data.dir, 'dist');
    mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
    writeFileSync(
      path.join(clientDir, 'index.html'),
      '<!doctype html><head><script>boot()</script><title>WeBoard</title></head>',
    );
    writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(clientDir, 'sw.js'), 'self.skipWaiting()');
    // As the client build writes them beside every asset (client/vite.config.ts).
    writeFileSync(
      path.join(clientDir, 'assets', 'app.js.br'),
      brotliCompressSync('console.log(1)'),
    );
    writeFileSync(path.join(clientDir, 'assets', 'app.js.gz'), gzipSync('console.log(1)'));
    mkdirSync(path.join(clientDir, '.vite'));
    writeFileSync(
      path.join(clientDir, '.vite', 'manifest.json'),
      JSON.stringify({
        'src/app/BoardPage.tsx': {
          file: 'assets/BoardPage-1.js',
          imports: ['_common.js'],
          css: ['assets/BoardPage-1.css'],
        },
        '_common.js': { file: 'assets/common-1.js' },
      }),
    );
    app = await buildApp(testConfig(data.dir, { CLIENT_DIR: clientDir }));
  });

  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('serves files, and index.html for the board page and other client routes', async () => {
    expect((await app.inject({ url: '/assets/app.js' })).body).toBe('console.log(1)');
    for (const url of ['/', '/b/some-board?token=abc', '/some/client/route']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<title>WeBoard</title>');
    }
  });

  it('sends the compressed copy the browser accepts, and the file itself otherwise', async () => {
    const cases = [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['identity', undefined, (body: Buffer) => body],
    ] as const;
    for (const [accept, encoding, decode] of cases) {
      const response = await app.inject({
        url: '/assets/app.js',
        headers: { 'accept-encoding': accept },
      });
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-encoding'], accept).toBe(encoding);
      expect(decode(response.rawPayload).toString(), accept).toBe('console.log(1)');
    }
  });

  it('lets browsers keep the hashed assets for a year, and ask again for the page', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const asset = await app.inject({
        url: '/assets/app.js',
        headers: { 'accept-encoding': accept },
      });
      expect(asset.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
    }
    for (const url of ['/', '/b/some-board?token=abc', '/some/client/route']) {
      expect((await app.inject({ url })).headers['cache-control'], url).toBe('no-cache');
    }
    expect((await app.inject({ url: '/sw.js' })).headers['cache-control']).toBe('no-cache');
    expect(isHashedAsset('/c', '/c/assets/app-1.js')).toBe(true);
    for (const file of ['/c/index.html', '/c/assets', '/c/assetsX/a.js', '/c/assets/../sw.js']) {
      expect(isHashedAsset('/c', file), file).toBe(false);
    }
  });

  it("announces the board's code in a board page's head, and only there", async () => {
    const board = (await app.inject({ url: '/b/some-board?token=abc' })).body;
    expect(board).toContain('<link rel="modulepreload" crossorigin href="/assets/BoardPage-1.js">');
    expect(board).toContain('<link rel="modulepreload" crossorigin href="/assets/common-1.js">');
    expect(board).toContain(
      '<link rel="preload" as="style" crossorigin href="/assets/BoardPage-1.css">',
    );
    expect(board.indexOf('BoardPage-1.js')).toBeLessThan(board.indexOf('</head>'));
    for (const url of ['/', '/some/client/route']) {
      expect((await app.inject({ url })).body, url).not.toContain('modulepreload');
    }
  });

  it('lets the page run its inline boot script, by its hash, and no other inline script', async () => {
    const hash = createHash('sha256').update('boot()').digest('base64');
    for (const url of ['/', '/b/some-board?token=abc']) {
      const csp = String((await app.inject({ url })).headers['content-security-policy']);
      expect(/script-src [^;]*/.exec(csp)?.[0], url).toBe(`script-src 'self' 'sha256-${hash}'`);
    }
  });

  it('never falls back to index.html for API routes or missing files of the build', async () => {
    for (const url of ['/api/nope', '/sync', '/healthz/x', '/assets/gone-1.js']) {
      expectError(await app.inject({ url }), 404, ErrorCode.NotFound.code);
    }
  });

  it('says how to build the client when there is none', async () => {
    const bare = await buildApp(testConfig(data.dir));
    try {
      const response = await bare.inject({ url: '/' });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('pnpm build');
    } finally {
      await bare.close();
    }
  });
});
