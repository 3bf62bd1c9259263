import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './servers';

/* Facts about the machine and checkout a bench result records, and formatting its files. */

/** Runs the workspace's Prettier over the result files (synchronously: also used on exit paths). */
export function formatFiles(files: string[]): void {
  try {
    const bin = path.join(REPO_ROOT, 'bench', 'node_modules', 'prettier', 'bin', 'prettier.cjs');
    execFileSync(process.execPath, [bin, '--write', '--log-level', 'silent', ...files], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
      timeout: 30_000,
    });
  } catch {
    // Unformatted results are still results.
  }
}

/** The checkout's short commit. */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** The machine's CPU model (Linux). */
export function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match?.[1]?.trim() ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}

/** The Yjs version the bench's clients run. */
export function yjsVersion(): string {
  try {
    const pkg = readFileSync(
      path.join(REPO_ROOT, 'bench', 'node_modules', 'yjs', 'package.json'),
      'utf8',
    );
    return (JSON.parse(pkg) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
