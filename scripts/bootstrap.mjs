// One entry point for the README's two commands on a fresh machine: makes sure the pinned pnpm is
// there, installs the workspace, then runs the requested pnpm script (`start` or `test`).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

run(['install', '--frozen-lockfile']);
run([task]);
