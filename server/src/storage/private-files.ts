import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';

/** Only the server's own user may list or enter the data folder. */
export const PRIVATE_DIR_MODE = 0o700;
/** Only the server's own user may read or write the board file, its journal and the secret. */
export const PRIVATE_FILE_MODE = 0o600;

type Log = Pick<FastifyBaseLogger, 'warn'>;

/**
 * Creates `dir` with mode 0700, or tightens an existing one that others may read (logging it):
 * boards and the token secret live there, and any user of the machine could otherwise copy them.
 */
export function ensurePrivateDir(dir: string, log?: Log): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE, log);
}

/**
 * Tightens `file` to 0600 when it exists with looser modes (logging it); `create` first creates
 * it empty with 0600, so it is never readable by others even for a moment. SQLite creates its
 * `-wal` and `-shm` files with the mode of the database file, so a 0600 database keeps them 0600.
 */
export function ensurePrivateFile(file: string, log?: Log, create = false): void {
  if (create) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE, log);
}

function tighten(target: string, mode: number, log?: Log): void {
  let current: number;
  try {
    current = statSync(target).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if ((current & ~mode) === 0) return;
  chmodSync(target, mode);
  log?.warn(
    { path: target, was: current.toString(8), now: mode.toString(8) },
    'tightened the permissions of a data file others could read',
  );
}
