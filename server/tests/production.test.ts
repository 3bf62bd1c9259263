import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addItem, makeSticky, readItems } from '@weboard/shared';
import type { CreateBoardResponse } from '@weboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, freePort, tempDir, textOf, waitFor, withTokens } from './helpers';
import { launchServer } from './processes';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('the compiled server (pnpm start)', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('builds to dist/ and serves boards with node alone: SQLite worker, shared code, sync, storage', async () => {
    const build = spawnSync(process.execPath, ['build.mjs'], { cwd: SERVER_DIR, encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(existsSync(`${SERVER_DIR}/dist/sqlite-worker.mjs`)).toBe(true);
    // Yjs bundled once in the server and once in the worker, with its reader of plain values
    // rewritten (shared/src/yjs-any-arrays.ts), and never imported from node_modules beside it.
    const code = readdirSync(`${SERVER_DIR}/dist`)
      .filter((file) => /\.m?js$/.test(file))
      .map((file) => readFileSync(`${SERVER_DIR}/dist/${file}`, 'utf8'));
    const readers = code.flatMap((text) => text.match(/var readContentAny = [^]*?const cs/g) ?? []);
    expect(readers).toHaveLength(2);
    for (const reader of readers)
      expect(reader).toContain('if (len === 1) return new ContentAny([');
    expect(code.filter((text) => /^import .* from "(yjs|y-protocols)[/"]/m.test(text))).toEqual([]);

    const data = tempDir();
    cleanups.push(data.remove);
    const port = await freePort();
    const env = { DATA_DIR: data.dir };
    const first = await launchServer(port, env, { compiled: true });
    cleanups.push(first.kill);
    const created = await fetch(`${first.base}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Compiled' }),
    });
    expect(created.status).toBe(201);
    const board = withTokens((await created.json()) as CreateBoardResponse);
    const writer = await connectClient(first.wsUrl, board.id, board.tokens.editor);
    cleanups.push(writer.destroy);
    addItem(writer.doc, makeSticky({ id: 'n1', x: 0, y: 0, z: 'a0', createdBy: 'w', text: 'hi' }));
    const reader = await connectClient(first.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(reader.destroy);
    await waitFor(() => textOf(reader.doc, 'n1') === 'hi', 5000, 'the note to reach the reader');

    // Stored through the worker: a clean stop and a second start from the same data serve it.
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const second = await launchServer(port, env, { compiled: true });
    cleanups.push(second.kill);
    const later = await connectClient(second.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(later.destroy);
    expect(readItems(later.doc).map((item) => item.id)).toEqual(['n1']);
  }, 120_000);
});
