import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Protocol, RoomRef } from './clients';
import { hasTaskset } from './proc';
import { sleep } from './stats';
import { freePort, weboardNodeFlags } from './weboard-server';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const SERVER_DIR = path.join(REPO_ROOT, 'server');
const HOST = '127.0.0.1';
const HOOK = pathToFileURL(path.join(BENCH_DIR, 'src', 'servers', 'bench-hook.mjs')).href;

export type TargetName = 'weboard' | 'y-websocket' | 'hocuspocus';
export const TARGETS: readonly TargetName[] = ['weboard', 'y-websocket', 'hocuspocus'];

export interface TargetInfo {
  name: TargetName;
  label: string;
  protocol: Protocol;
  /** Whether the server stores boards (and can be restarted without losing them). */
  persistent: boolean;
}

export const TARGET_INFO: Record<TargetName, TargetInfo> = {
  weboard: { name: 'weboard', label: 'WeBoard', protocol: 'y-websocket', persistent: true },
  'y-websocket': {
    name: 'y-websocket',
    label: '@y/websocket-server 0.1.1',
    protocol: 'y-websocket',
    persistent: false,
  },
  hocuspocus: {
    name: 'hocuspocus',
    label: '@hocuspocus/server 4.7.0',
    protocol: 'hocuspocus',
    persistent: false,
  },
};

/** Event-loop delay beyond the sampling interval, in ms. */
export interface LagSummary {
  p50: number;
  p99: number;
  max: number;
}

/**
 * CPU time (ms) the server's threads used during the window: the event-loop thread, the threads
 * that existed before the server's code loaded (V8's background JIT and GC, Node's own), and
 * threads started later (worker threads, libuv pool). See bench-hook.mjs.
 */
export interface ThreadCpuMs {
  loop: number;
  helpers: number;
  other: number;
}

interface HookReply {
  benchReply: number;
  lag?: LagSummary;
  threadCpuMs?: ThreadCpuMs;
}

export interface StartOptions {
  /** CPU list for `taskset -c` (e.g. "0"), or null to not pin. */
  cpus: string | null;
  /** WeBoard's data directory (SQLite); ignored by the in-memory peers. */
  dataDir?: string;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Port to listen on (e.g. to restart a server where its clients expect it); default: a free one. */
  port?: number;
}

export interface RunningServer {
  info: TargetInfo;
  pid: number;
  port: number;
  /** Creates (WeBoard: via the REST API) or names (peers) a room for the benchmark. */
  createRoom(label: string): Promise<RoomRef>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Last lines the process printed, for error messages. */
  output(): string;
  /** Asks the server process for a full garbage collection (see bench-hook.mjs). */
  collectGarbage(): Promise<void>;
  /** Starts a new window of the server's event-loop delay. */
  resetLag(): Promise<void>;
  /** The server's event-loop delay since resetLag(), or null if it did not answer. */
  lag(): Promise<LagSummary | null>;
  /** The window's CPU per kind of thread, as of the last `lag()` (Linux; null elsewhere). */
  threadCpuMs(): ThreadCpuMs | null;
}

/** Whether the target can be started at all in this checkout (WeBoard may be under construction). */
export function targetAvailable(name: TargetName): string | null {
  if (name === 'weboard') {
    if (!existsSync(path.join(SERVER_DIR, 'src', 'main.ts')))
      return 'server/src/main.ts does not exist yet';
    if (!existsSync(path.join(SERVER_DIR, 'node_modules', 'tsx')))
      return 'server/node_modules/tsx is missing (run pnpm install)';
  }
  return null;
}

function commandFor(
  name: TargetName,
  port: number,
  options: StartOptions,
): {
  args: string[];
  cwd: string;
  env: Record<string, string>;
  health: string;
  /** Node's flags for this server, before the bench's own (BENCH_SERVER_NODE_ARGS wins). */
  nodeFlags?: string[];
} {
  const base = { HOST, PORT: String(port) };
  switch (name) {
    case 'weboard':
      if (!options.dataDir) throw new Error('WeBoard needs a data directory');
      return {
        // `node --import tsx` rather than the tsx CLI, so the server is this one process (the CLI
        // would put a second node process in front of it and skew CPU/RSS).
        args: ['--import', 'tsx', 'src/main.ts'],
        nodeFlags: weboardNodeFlags(),
        cwd: SERVER_DIR,
        env: { ...base, DATA_DIR: options.dataDir, LOG_LEVEL: 'warn' },
        health: '/healthz',
      };
    case 'y-websocket': {
      const require = createRequire(import.meta.url);
      const pkg = require.resolve('@y/websocket-server/package.json');
      return {
        // The package's own bin (src/server.js): in memory when YPERSISTENCE is unset.
        args: [path.join(path.dirname(pkg), 'src', 'server.js')],
        cwd: BENCH_DIR,
        env: base,
        health: '/',
      };
    }
    case 'hocuspocus':
      return {
        args: ['--import', 'tsx', 'src/servers/hocuspocus-server.ts'],
        cwd: BENCH_DIR,
        env: base,
        health: '/',
      };
  }
}

export async function startServer(name: TargetName, options: StartOptions): Promise<RunningServer> {
  const unavailable = targetAvailable(name);
  if (unavailable) throw new Error(unavailable);
  const port = options.port ?? (await freePort());
  const cmd = commandFor(name, port, options);
  // Same preload for every server: full GC and event-loop-delay readings on request over IPC
  // (see bench-hook.mjs), nothing else.
  const nodeArgs = [
    '--expose-gc',
    ...(cmd.nodeFlags ?? []),
    ...(process.env.BENCH_SERVER_PROF
      ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_SERVER_PROF]
      : []),
    ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    HOOK,
    ...cmd.args,
  ];
  const env = { ...process.env, ...cmd.env, ...options.env };
  delete env.NODE_OPTIONS;
  const pin = options.cpus !== null && hasTaskset;
  const child: ChildProcess = pin
    ? spawn('taskset', ['-c', options.cpus!, process.execPath, ...nodeArgs], {
        cwd: cmd.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      })
    : spawn(process.execPath, nodeArgs, {
        cwd: cmd.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
  let requestSeq = 0;
  const pending = new Map<number, (reply: HookReply) => void>();
  child.on('message', (message: HookReply) => {
    const resolve = pending.get(message?.benchReply);
    if (resolve) {
      pending.delete(message.benchReply);
      resolve(message);
    }
  });
  const ask = (bench: string): Promise<HookReply | null> =>
    new Promise((resolve) => {
      if (exited || !child.connected) return resolve(null);
      const id = ++requestSeq;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(null);
      }, 10_000);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      child.send({ bench, id });
    });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  if (process.env.BENCH_SERVER_LOG)
    child.stdout?.on('data', (chunk: Buffer) =>
      appendFileSync(`${process.env.BENCH_SERVER_LOG!}/${name}-${child.pid}.log`, chunk),
    );
  child.stderr?.on('data', keep);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  live.add(child);
  void exitPromise.then(() => live.delete(child));

  const base = `http://${HOST}:${port}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up:\n${tail}`);
    try {
      const res = await fetch(base + cmd.health, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer ${cmd.health} within 60 s:\n${tail}`);
    }
    await sleep(100);
  }

  const info = TARGET_INFO[name];
  let lastThreadCpu: ThreadCpuMs | null = null;
  let roomSeq = 0;
  return {
    info,
    pid: child.pid!,
    port,
    output: () => tail,
    async collectGarbage(): Promise<void> {
      await ask('gc');
    },
    async resetLag(): Promise<void> {
      await ask('lag-reset');
    },
    async lag(): Promise<LagSummary | null> {
      const reply = await ask('lag');
      lastThreadCpu = reply?.threadCpuMs ?? null;
      return reply?.lag ?? null;
    },
    threadCpuMs: () => lastThreadCpu,
    async createRoom(label: string): Promise<RoomRef> {
      if (name !== 'weboard') {
        const docName = `bench-${label}-${roomSeq++}`;
        return {
          docName,
          url: name === 'hocuspocus' ? `ws://${HOST}:${port}/` : `ws://${HOST}:${port}/${docName}`,
        };
      }
      const res = await fetch(`${base}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `bench ${label}` }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status !== 201)
        throw new Error(`POST /api/boards: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { id: string; links: { editor: string } };
      const token = new URL(body.links.editor).searchParams.get('token');
      if (!token) throw new Error(`no token in editor link ${body.links.editor}`);
      return {
        docName: body.id,
        url: `ws://${HOST}:${port}/sync/${encodeURIComponent(body.id)}?token=${encodeURIComponent(token)}`,
      };
    },
    async stop(graceMs = 10_000): Promise<void> {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/** Every server process this generator started and that is still running. */
const live = new Set<ChildProcess>();

/** Kills every server still running (used on exit and on the watchdog). */
export function killAllServers(): void {
  for (const child of live) {
    if (child.exitCode === null && child.pid) child.kill('SIGKILL');
  }
}
