import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/* The real WeBoard server for the browser benchmarks (bench:client, bench:room), and its boards. */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });
}

/**
 * The V8 flags `pnpm --filter @weboard/server start` gives node (server/package.json's start
 * script, source maps aside), so the benches run WeBoard's server as production does.
 */
export function weboardNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'server', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start
    .split(/\s+/)
    .filter((arg) => arg.startsWith('--') && arg !== '--enable-source-maps');
}

export interface BenchServer {
  url: string;
  child: ChildProcess;
  dataDir: string;
}

/**
 * The real server serving the built client, as e2e/fixtures/server.ts starts it, with its data in a
 * new folder named after `bench`. `env` overrides its settings (the defaults when not given).
 */
export async function startServer(
  bench: string,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `weboard-bench-${bench}-`));
  const child = spawn(process.execPath, [...weboardNodeFlags(), '--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'server'),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('server exited early');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, dataDir };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

export interface BenchBoard {
  id: string;
  /** The token of `role`'s link. */
  token: string;
  /** The board page for `role`. */
  link: string;
}

/** Creates a board (`body` as POST /api/boards takes it) and returns one role's link. */
export async function createBoard(
  url: string,
  body: Record<string, unknown>,
  role: 'facilitator' | 'editor' | 'viewer' = 'facilitator',
): Promise<BenchBoard> {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status}`);
  const board = (await res.json()) as { id: string; links: Record<typeof role, string> };
  const token = new URL(board.links[role]).searchParams.get('token')!;
  return { id: board.id, token, link: `${url}/b/${board.id}?token=${encodeURIComponent(token)}` };
}
