import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { ensurePrivateDir, ensurePrivateFile } from '../storage/private-files';

/**
 * The token secret kept in `dataDir/secret` (mode 0600, in a 0700 folder; looser modes are
 * tightened and logged), generated on first start so that links stay valid across restarts
 * without any configuration.
 */
export function loadOrCreateSecret(dataDir: string, log?: Pick<FastifyBaseLogger, 'warn'>): string {
  const file = path.join(dataDir, 'secret');
  ensurePrivateDir(dataDir, log);
  ensurePrivateFile(file, log);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length > 0) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
