// One entry point for the README's two commands on a fresh machine: makes sure the pinned pnpm is
// there, installs the workspace, then runs the requested pnpm script (`start` or `test`).
import { execSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PNPM_VERSION = '12.4.2';
const task = process.argv[2] ?? 'start';

function pnpmVersion() {
  try {
    return execSync('pnpm --version', {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

if (pnpmVersion() !== PNPM_VERSION) {
  console.log(`Installing pnpm ${PNPM_VERSION}…`);
  execSync(`npm i -g --allow-scripts=pnpm pnpm@${PNPM_VERSION}`, { stdio: 'inherit' });
}

const env = { ...process.env };
// better-sqlite3 compiles from source here; node-gyp finds Node's headers offline under /usr.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h'))
  env.npm_config_nodedir = '/usr';

function run(args) {
  const result = spawnSync('pnpm', args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// A restart on an unchanged checkout skips the install and the client build: each is stamped
// with a hash of what it depends on (in node_modules/.cache, so a fresh clone has none).
const STAMP = path.join('node_modules', '.cache', 'weboard-bootstrap.json');
const SKIP = new Set(['node_modules', 'dist', '.artifacts', 'data']);

function hashOf(paths) {
  const hash = createHash('sha256');
  const add = (file) => {
    if (!existsSync(file)) return;
    const entries = readdirSync(file, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(file, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) add(full);
      } else if (entry.isFile()) {
        hash.update(full).update(readFileSync(full));
      }
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) {
      hash.update(p);
      continue;
    }
    if (isDirectory(p)) add(p);
    else hash.update(p).update(readFileSync(p));
  }
  return hash.digest('hex');
}

function isDirectory(p) {
  return statSync(p).isDirectory();
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

function writeStamp(key, value) {
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ ...readStamp(), [key]: value }));
}

const MANIFESTS = [
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'package.json',
  ...['client', 'server', 'shared', 'e2e', 'bench'].map((dir) => path.join(dir, 'package.json')),
];
const installHash = hashOf([...MANIFESTS, process.version]);
if (readStamp().install === installHash && existsSync('node_modules/.pnpm')) {
  console.log('Dependencies unchanged since the last install; skipping pnpm install.');
} else {
  run(['install', '--frozen-lockfile']);
  writeStamp('install', installHash);
}

if (task === 'serve') {
  // The client bundle depends on the client's and shared's sources and the lockfile.
  const clientHash = hashOf(['client', 'shared/src', 'shared/package.json', 'pnpm-lock.yaml']);
  if (readStamp().build === clientHash && existsSync('client/dist/index.html')) {
    console.log('Client unchanged since the last build; skipping the client build.');
  } else {
    run(['--filter', '@weboard/client', 'build']);
    writeStamp('build', clientHash);
  }
  // The compiled server (server/dist, shared bundled in) depends on both packages' sources.
  const serverHash = hashOf(['server', 'shared/src', 'shared/package.json', 'pnpm-lock.yaml']);
  if (readStamp().server === serverHash && existsSync('server/dist/main.js')) {
    console.log('Server unchanged since the last build; skipping the server build.');
  } else {
    run(['--filter', '@weboard/server', 'build']);
    writeStamp('server', serverHash);
  }
  run(['--filter', '@weboard/server', 'start']);
} else {
  run([task]);
}
