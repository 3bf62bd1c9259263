import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import path from 'node:path';
import { CloseCode } from '@weboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp } from '../src/app';
import { createBoard, startServer, tempDir, testConfig } from './helpers';
import type { TestServer } from './helpers';

function modeOf(file: string): string {
  return (statSync(file).mode & 0o777).toString(8);
}

/** A websocket to the board that claims, through X-Forwarded-For, to come from `forwardedFor`. */
function socketFrom(server: TestServer, boardId: string, token: string, forwardedFor: string) {
  const socket = new WebSocket(`${server.wsUrl}/sync/${boardId}?token=${token}`, {
    headers: { 'x-forwarded-for': forwardedFor },
  });
  const outcome = new Promise<'open' | number>((resolve) => {
    socket.once('message', () => resolve('open'));
    socket.once('close', (code) => resolve(code));
  });
  return { socket, outcome };
}

describe('the server host', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dir: string, env: Record<string, string> = {}) {
    const server = await startServer(testConfig(dir, env));
    cleanups.push(() => server.close());
    return server;
  }

  it('keeps the data folder 0700 and its files 0600, tightening looser ones it finds', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    // A fresh folder, as on a first start.
    const fresh = path.join(data.dir, 'fresh');
    const server = await start(fresh);
    await createBoard(server.app);
    expect(modeOf(fresh)).toBe('700');
    for (const file of ['weboard.sqlite', 'weboard.sqlite-wal', 'weboard.sqlite-shm', 'secret']) {
      expect([file, modeOf(path.join(fresh, file))]).toEqual([file, '600']);
    }

    // A folder from before this rule, readable by everyone.
    const old = path.join(data.dir, 'old');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    writeFileSync(path.join(old, 'secret'), 'an-old-generated-secret-value\n', { mode: 0o644 });
    chmodSync(path.join(old, 'secret'), 0o644);
    const lines: string[] = [];
    // Lines the server logs, to see it said what it tightened.
    const logged = await buildApp(testConfig(old, { LOG_LEVEL: 'warn' }), {
      logStream: { write: (line: string) => lines.push(line) },
    });
    cleanups.push(() => logged.close());
    await logged.ready();
    expect(modeOf(old)).toBe('700');
    expect(modeOf(path.join(old, 'secret'))).toBe('600');
    expect(modeOf(path.join(old, 'weboard.sqlite'))).toBe('600');
    expect(lines.some((line) => line.includes('tightened') && line.includes(old))).toBe(true);
  });

  it('sees the client address behind a trusted proxy (TRUST_PROXY), and only then', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const limits = { MAX_CONNECTIONS_PER_IP: '1' };
    const trusting = await start(path.join(data.dir, 'a'), { ...limits, TRUST_PROXY: '127.0.0.1' });
    const board = await createBoard(trusting.app);
    const first = socketFrom(trusting, board.id, board.tokens.editor, '203.0.113.5');
    cleanups.push(() => first.socket.close());
    const second = socketFrom(trusting, board.id, board.tokens.editor, '203.0.113.6');
    cleanups.push(() => second.socket.close());
    expect(await first.outcome).toBe('open');
    expect(await second.outcome).toBe('open');
    const same = socketFrom(trusting, board.id, board.tokens.editor, '203.0.113.5');
    expect(await same.outcome).toBe(CloseCode.RateLimited);

    // Untrusted by default: every connection is the proxy's (here, the test's) address.
    const plain = await start(path.join(data.dir, 'b'), limits);
    const other = await createBoard(plain.app);
    const one = socketFrom(plain, other.id, other.tokens.editor, '203.0.113.5');
    cleanups.push(() => one.socket.close());
    expect(await one.outcome).toBe('open');
    const spoofed = socketFrom(plain, other.id, other.tokens.editor, '203.0.113.6');
    expect(await spoofed.outcome).toBe(CloseCode.RateLimited);
  });

  it('drops websocket upgrades whose headers never finish within HEADERS_TIMEOUT_MS', async () => {
    const data = tempDir();
    cleanups.push(data.remove);
    const server = await start(data.dir, { HEADERS_TIMEOUT_MS: '400', REQUEST_TIMEOUT_MS: '800' });
    const board = await createBoard(server.app);
    const port = Number(new URL(server.wsUrl).port);
    const started = Date.now();
    const sockets: Socket[] = [];
    const closedAfter = Array.from({ length: 40 }, (_, i) => {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      cleanups.push(() => socket.destroy());
      socket.on('error', () => undefined);
      // Read what comes (a 408), or the end of the stream would never be seen.
      socket.resume();
      socket.on('connect', () => {
        // Half the sockets start an upgrade and stop mid-headers; the others send nothing.
        if (i % 2 === 0) {
          socket.write(
            `GET /sync/${board.id}?token=${board.tokens.editor} HTTP/1.1\r\n` +
              `Host: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`,
          );
        }
      });
      return new Promise<number>((resolve) =>
        socket.once('close', () => resolve(Date.now() - started)),
      );
    });
    const times = await Promise.all(closedAfter);
    // Node checks at most every 100 ms here (a quarter of the timeout); a second is ample.
    expect(Math.max(...times)).toBeLessThan(2000);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(350);
  });
});
