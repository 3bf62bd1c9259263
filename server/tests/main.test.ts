import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort, tempDir } from './helpers';
import { launchServer } from './processes';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('main', () => {
  it('exits 1 with a one-line message naming a bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_DIR,
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid PORT: expected an integer 0-65535, got "abc"');
  });

  it('starts without the packages only REST imports use, and loads each when first needed', () => {
    // Each of these is megabytes of heap (jsdom ~20 MB, exceljs ~8 MB) that every garbage
    // collection of a busy server would otherwise go through; pg and ioredis only with their URL.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tests/startup-modules.ts'], {
      cwd: SERVER_DIR,
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const loaded = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<
      'atStart' | 'afterSvg' | 'afterWorkbook',
      string[]
    > & { svgType: string };
    for (const name of ['jsdom', 'exceljs', 'pg', 'ioredis'])
      expect(loaded.atStart).not.toContain(name);
    expect(loaded.atStart).toContain('fastify');
    expect(loaded.svgType).toBe('image/svg+xml');
    expect(loaded.afterSvg).toContain('jsdom');
    expect(loaded.afterSvg).not.toContain('exceljs');
    expect(loaded.afterWorkbook).toContain('exceljs');
  });

  it('runs every thread that exists before it starts its own (V8 compilation and GC) 10 steps nicer than the event loop', async () => {
    const data = tempDir();
    const server = await launchServer(await freePort(), { DATA_DIR: data.dir });
    try {
      const pid = server.child.pid!;
      // Niceness is field 19 of /proc/<pid>/task/<tid>/stat (16 after the command name).
      const nice = (tid: string) => {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      };
      const tids = readdirSync(`/proc/${pid}/task`);
      const loop = nice(String(pid));
      const nicer = tids.filter((tid) => tid !== String(pid) && nice(tid) >= loop + 10);
      // V8's platform workers (four by default) and the storage worker, which lowers itself.
      expect(nicer.length).toBeGreaterThanOrEqual(5);
      // The event loop itself keeps the priority it was started with.
      expect(loop).toBe(getPriority());
    } finally {
      await server.kill();
      data.remove();
    }
  });
});
