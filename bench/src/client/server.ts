import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './model';

/* The real server for bench:client, and the boards it measures on. */

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probeServer = createServer();
    probeServer.once('error', fail);
    probeServer.listen(0, '127.0.0.1', () => {
      const address = probeServer.address();
      probeServer.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(),
      );
    });
  });
}

/** The real server serving the built client, as e2e/fixtures/server.ts starts it. */
export async function startServer(env: Record<string, string> = {}): Promise<{
  url: string;
  child: ChildProcess;
  dataDir: string;
}> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'weboard-bench-client-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'server'),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Seeding writes a 100k-note board in one update; the default limits protect a shared server.
      MAX_MESSAGE_BYTES: String(512 * 1024 ** 2),
      MAX_BOARD_BYTES: String(1024 ** 3),
      MAX_BYTES_PER_SECOND: String(1024 ** 3),
      MAX_MESSAGES_PER_SECOND: '1000000',
      REST_RATE_LIMIT_PER_MINUTE: '1000000',
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

export async function createBoard(url: string, title: string) {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status}`);
  const board = (await res.json()) as { id: string; links: { facilitator: string } };
  const token = new URL(board.links.facilitator).searchParams.get('token')!;
  return { id: board.id, token, link: `${url}/b/${board.id}?token=${encodeURIComponent(token)}` };
}
