/**
 * The tldraw and Excalidraw pages of `pnpm bench:client`. They live in bench/peers/, a package of
 * its own outside the pnpm workspace (its own pnpm-workspace.yaml), so the repository's install
 * and CI never fetch tldraw, Excalidraw and their ~400 dependencies; the first benchmark run
 * installs them from bench/peers/pnpm-lock.yaml and builds the pages with Vite into
 * bench/.peer-build/ (git-ignored), again whenever their sources change.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const peers = join(bench, 'peers');
const outDir = join(bench, '.peer-build');
const stampFile = join(outDir, '.sources');
const vite = join(peers, 'node_modules/vite/bin/vite.js');

function run(command: string, args: string[], what: string) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: peers, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})`);
  console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A hash of everything the pages are built from. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const files = [
    'package.json',
    'pnpm-lock.yaml',
    'vite.config.mjs',
    'tldraw.html',
    'excalidraw.html',
    ...readdirSync(join(peers, 'src')).map((f) => `src/${f}`),
    '../src/client/grid.ts',
  ];
  for (const file of files) hash.update(file).update(readFileSync(join(peers, file)));
  return hash.digest('hex');
}

/** Installs the peers' dependencies (a no-op in about a second when they are) and builds the pages if stale. */
export function preparePeers(): void {
  // --frozen-lockfile: the versions measured are the ones in the lockfile, nothing newer.
  run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--silent'], 'peer install');
  const hash = sourcesHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  run(process.execPath, [vite, 'build'], 'peer pages build (tldraw, Excalidraw)');
  writeFileSync(stampFile, hash);
}

/** Serves the built pages (vite preview) on `port`; resolves once it answers. */
export async function servePeers(port: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(port)], {
    cwd: peers,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('vite preview exited early');
    try {
      if ((await fetch(`${url}/tldraw.html`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('vite preview did not start');
}
