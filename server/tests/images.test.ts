import { createHash } from 'node:crypto';
import { ErrorCode } from '@weboard/shared';
import type { ApiError, BoardFile } from '@weboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, startServer, tempDir, testConfig } from './helpers';
import type { TestBoard, TestServer } from './helpers';

/** A 1×1 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);
/** A 1×1 GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const EVIL_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10" viewBox="0 0 20 10" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/x.css);</style>
  <rect width="20" height="10" fill="#22c55e" onclick="steal()"/>
  <image href="https://evil.example/track.png" width="1" height="1"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <a href="javascript:alert(3)"><text x="1" y="8">ok</text></a>
</svg>`;
const MAX_IMAGE_BYTES = 64 * 1024;

describe('images', () => {
  const data = tempDir();
  let server: TestServer;
  let base: string;
  let board: TestBoard;
  let other: TestBoard;

  beforeAll(async () => {
    server = await startServer(
      testConfig(data.dir, {
        MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES),
        REST_RATE_LIMIT_PER_MINUTE: '10000',
      }),
    );
    base = server.wsUrl.replace('ws:', 'http:');
    board = await createBoard(server.app, 'Pictures');
    other = await createBoard(server.app, 'Another board');
  });

  afterAll(async () => {
    await server.close();
    data.remove();
  });

  function upload(
    body: Buffer | string,
    token: string | undefined,
    type = 'image/png',
    id = board.id,
  ) {
    return fetch(`${base}/api/boards/${id}/blobs`, {
      method: 'POST',
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  }

  function read(hash: string, token: string | undefined, id = board.id) {
    return fetch(`${base}/api/boards/${id}/blobs/${hash}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  async function expectError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(((await response.json()) as ApiError).error.code).toBe(code);
  }

  it('stores an image by the SHA-256 of its bytes and serves it to every role', async () => {
    const first = await upload(PNG, board.tokens.editor);
    expect(first.status).toBe(201);
    const stored = (await first.json()) as { hash: string; type: string; size: number };
    const hash = createHash('sha256').update(PNG).digest('hex');
    expect(stored).toEqual({
      hash,
      type: 'image/png',
      size: PNG.length,
      grant: expect.stringMatching(/^[\w-]{43}$/),
    });
    // Same bytes, same hash, whatever they are declared as.
    const again = await upload(PNG, board.tokens.facilitator, 'application/octet-stream');
    expect(((await again.json()) as { hash: string }).hash).toBe(hash);

    const served = await read(hash, board.tokens.viewer);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('checks the token before reading or writing any bytes', async () => {
    const hash = createHash('sha256').update(PNG).digest('hex');
    await expectError(await upload(PNG, undefined), 401, ErrorCode.Unauthorized.code);
    await expectError(await upload(PNG, 'not-a-token'), 401, ErrorCode.Unauthorized.code);
    await expectError(await upload(PNG, board.tokens.viewer), 403, ErrorCode.Forbidden.code);
    // Another board's token is no token for this one.
    await expectError(await upload(PNG, other.tokens.editor), 401, ErrorCode.Unauthorized.code);
    await expectError(await read(hash, undefined), 401, ErrorCode.Unauthorized.code);
    await expectError(await read(hash, other.tokens.viewer), 401, ErrorCode.Unauthorized.code);
    // Nor does another board's own token open this board's picture through that board.
    await expectError(
      await read(hash, other.tokens.viewer, other.id),
      404,
      ErrorCode.NotFound.code,
    );
    // An over-large upload with a wrong token is refused for the token, not its size.
    await expectError(
      await upload(Buffer.alloc(MAX_IMAGE_BYTES * 2), board.tokens.viewer),
      403,
      ErrorCode.Forbidden.code,
    );
  });

  it('refuses images over the limit with 413 and other content with 415', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES)]);
    const tooLarge = await upload(big, board.tokens.editor);
    expect(tooLarge.status).toBe(413);
    const body = (await tooLarge.json()) as ApiError;
    expect(body.error.code).toBe('WB_ERR_IMAGE_TOO_LARGE');
    expect(body.error.message).toContain('MAX_IMAGE_BYTES');

    const html = '<!doctype html><html><body><script>alert(1)</script></body></html>';
    await expectError(
      await upload(html, board.tokens.editor),
      415,
      'WB_ERR_IMAGE_TYPE_UNSUPPORTED',
    );
    await expectError(
      await upload(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'), board.tokens.editor),
      415,
      'WB_ERR_IMAGE_TYPE_UNSUPPORTED',
    );
    // An SVG root inside something else is not an SVG file.
    await expectError(
      await upload(
        '<html><svg xmlns="http://www.w3.org/2000/svg"></svg></html>',
        board.tokens.editor,
        'image/svg+xml',
      ),
      415,
      'WB_ERR_IMAGE_TYPE_UNSUPPORTED',
    );
    const gif = await upload(GIF, board.tokens.editor, 'image/png');
    expect(((await gif.json()) as { type: string }).type).toBe('image/gif');
  });

  it('sanitises an SVG: no scripts, handlers, style sheets, foreignObject or outside references', async () => {
    const response = await upload(EVIL_SVG, board.tokens.editor, 'image/svg+xml');
    expect(response.status).toBe(201);
    const { hash, type } = (await response.json()) as { hash: string; type: string };
    expect(type).toBe('image/svg+xml');
    const served = await read(hash, board.tokens.viewer);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    const svg = await served.text();
    expect(hash).toBe(createHash('sha256').update(svg).digest('hex'));
    for (const banned of [
      '<script',
      'alert',
      'onload',
      'onclick',
      '<style',
      'evil.example',
      'foreignObject',
      'javascript:',
    ]) {
      expect(svg).not.toContain(banned);
    }
    // Still the picture: an SVG root with its rectangle and text.
    expect(svg).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 20 10"/);
    expect(svg).toContain('<rect width="20" height="10" fill="#22c55e"/>');
    expect(svg).toContain('>ok</text>');
  });

  it('carries images in the JSON board file and stores them again on import', async () => {
    const { hash } = (await (await upload(PNG, board.tokens.editor)).json()) as { hash: string };
    const image = {
      id: 'img-1',
      type: 'image',
      x: 10,
      y: 20,
      w: 100,
      h: 100,
      rotation: 0,
      z: 'a0',
      createdBy: 'test',
      createdAt: 1,
      src: hash,
      naturalW: 1,
      naturalH: 1,
      alt: 'a red dot',
      name: 'dot.png',
    };
    const file: BoardFile = {
      format: 'weboard',
      version: 1,
      meta: { schemaVersion: 3, title: 'Pictures' },
      items: [image as BoardFile['items'][number]],
    };
    const headers = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const imported = await fetch(`${base}/api/boards/${board.id}/import`, {
      method: 'POST',
      headers: headers(board.tokens.facilitator),
      body: JSON.stringify(file),
    });
    expect(imported.status).toBe(200);
    const exported = (await (
      await fetch(`${base}/api/boards/${board.id}/export?format=json`, {
        headers: { authorization: `Bearer ${board.tokens.viewer}` },
      })
    ).json()) as BoardFile;
    expect(exported.items).toEqual([expect.objectContaining({ type: 'image', src: hash })]);
    expect(exported.blobs).toEqual({ [hash]: { type: 'image/png', data: PNG.toString('base64') } });

    // Into a fresh board, which never had the picture: the file brings it.
    const fresh = await createBoard(server.app, 'Copy');
    expect((await read(hash, fresh.tokens.viewer, fresh.id)).status).toBe(404);
    const copied = await fetch(`${base}/api/boards/${fresh.id}/import`, {
      method: 'POST',
      headers: headers(fresh.tokens.facilitator),
      body: JSON.stringify(exported),
    });
    expect(copied.status).toBe(200);
    const served = await read(hash, fresh.tokens.viewer, fresh.id);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // Replaced by an empty board, then restored from a snapshot: the picture is back, bytes too.
    const snapshot = await fetch(`${base}/api/boards/${fresh.id}/snapshots`, {
      method: 'POST',
      headers: headers(fresh.tokens.facilitator),
      body: JSON.stringify({ name: 'With the picture' }),
    });
    expect(snapshot.status).toBe(201);
    const { id: snapshotId } = (await snapshot.json()) as { id: string };
    const emptied = await fetch(`${base}/api/boards/${fresh.id}/import`, {
      method: 'POST',
      headers: headers(fresh.tokens.facilitator),
      body: JSON.stringify({ ...exported, items: [], blobs: undefined }),
    });
    expect(emptied.status).toBe(200);
    const restored = await fetch(`${base}/api/boards/${fresh.id}/snapshots/${snapshotId}/restore`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fresh.tokens.facilitator}` },
    });
    expect(restored.status).toBe(200);
    const after = (await (
      await fetch(`${base}/api/boards/${fresh.id}/export?format=json`, {
        headers: { authorization: `Bearer ${fresh.tokens.viewer}` },
      })
    ).json()) as BoardFile;
    expect(after.items).toEqual([expect.objectContaining({ id: 'img-1', src: hash })]);
    expect(after.blobs?.[hash]?.data).toBe(PNG.toString('base64'));

    // A file whose image is not an image changes nothing.
    const bad = {
      ...exported,
      blobs: { [hash]: { type: 'image/png', data: Buffer.from('<html>').toString('base64') } },
    };
    const refused = await fetch(`${base}/api/boards/${fresh.id}/import`, {
      method: 'POST',
      headers: headers(fresh.tokens.facilitator),
      body: JSON.stringify(bad),
    });
    await expectError(refused, 415, 'WB_ERR_IMAGE_TYPE_UNSUPPORTED');
  });
});
