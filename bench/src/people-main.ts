/*
 * pnpm bench:people — N people on one board (presence, pointers at 20 Hz, a few editing) against
 * WeBoard, @y/websocket-server and @hocuspocus/server, interleaved. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPeople } from './people';
import { generatorSaturated, holds } from './people-result';
import type { PeopleResult, PeopleTiming } from './people-result';
import { hasTaskset, machineCores, pinProcess } from './proc';
import { table } from './report';
import { gitCommit } from './run-info';
import { REPO_ROOT, TARGETS, TARGET_INFO, killAllServers, startServer } from './servers';
import type { TargetName } from './servers';

const HELP = `Usage: pnpm bench:people [-- options]

  --n=LIST          people on the board, comma-separated (default 10,25,50,100,200,300,500)
  --seconds=S       measured window per run (default 10)
  --warmup=S        warm-up before the window (default 3)
  --settle=S        after the movers stop, how long everyone's newest presence may take to reach
                    everyone (default 5)
  --servers=LIST    weboard,y-websocket,hocuspocus (default all)
  --items=N         stickies on the board (default 100)
  --all             keep running a server at larger N after it failed at two N in a row
                    (default: skip it, it is past its capacity)
  --no-pin          do not pin the servers to core 0 and this generator to core 1
  --out=DIR         where the JSON and Markdown go (default bench/results)`;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    n: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    settle: { type: 'string' },
    servers: { type: 'string' },
    items: { type: 'string' },
    all: { type: 'boolean' },
    'no-pin': { type: 'boolean' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** WeBoard's connection caps for a room of `n` people on one board from one address. */
function roomCaps(n: number): Record<string, string> {
  const cap = String(Math.max(1000, n + 100));
  return { MAX_CONNECTIONS_PER_BOARD: cap, MAX_CONNECTIONS_PER_IP: cap };
}

function num(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`not a number: ${raw}`);
    process.exit(1);
  }
  return value;
}

const sizes = (values.n ?? '10,25,50,100,200,300,500')
  .split(',')
  .map((s) => num(s.trim(), 0))
  .filter((s) => s >= 2);
const servers = (values.servers?.split(',').map((s) => s.trim()) ?? [...TARGETS]) as TargetName[];
for (const s of servers) {
  if (!TARGETS.includes(s)) {
    console.error(`unknown server ${s}; expected ${TARGETS.join(', ')}`);
    process.exit(1);
  }
}
const timing: PeopleTiming = {
  warmupS: num(values.warmup, 3),
  durationS: num(values.seconds, 10),
  settleS: num(values.settle, 5),
  items: num(values.items, 100),
};
const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, 'bench', 'results'));
const pinned = !values['no-pin'] && hasTaskset && machineCores >= 2 && pinProcess(process.pid, '1');

const t0 = performance.now();
const log = (line: string): void =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}`);

const results: PeopleResult[] = [];
const skippedRuns: { target: TargetName; n: number; reason: string }[] = [];
const startedAt = new Date();
const loadAtStart = loadavg();

const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
const kb = (bytes: number): string => (bytes / 1024).toFixed(bytes >= 100 * 1024 ? 0 : 1);
const closesText = (closes: Record<string, number>): string =>
  Object.entries(closes)
    .map(([code, count]) => `${count}×${code}`)
    .join(' ') || '0';

function resultsTable(rows: PeopleResult[]): string {
  return table(
    [
      'N',
      'server',
      'cursor p50/p99 ms',
      'edit p50/p99 ms',
      'presence delivered %',
      'edits delivered %',
      'settled s',
      'closes',
      'server CPU %',
      'RSS MB',
      'out KB/s',
      'out KB/s/person',
      'in KB/s',
      'gen CPU %',
      'load 1m',
      'holds',
    ],
    rows.map((r) => [
      String(r.n),
      TARGET_INFO[r.target as TargetName]?.label ?? r.target,
      r.error
        ? `error: ${r.error.slice(0, 60)}`
        : `${fmt(r.cursorMs.p50)} / ${fmt(r.cursorMs.p99)}`,
      `${fmt(r.editMs.p50)} / ${fmt(r.editMs.p99)}`,
      fmt(r.presenceDeliveredPct, 2),
      fmt(r.editDeliveredPct, 2),
      r.settleMs === null ? `> ${timing.settleS}` : fmt(r.settleMs / 1000, 1),
      closesText(r.closes),
      fmt(r.serverCpuPct, 0),
      fmt(r.serverRssPeakMB, 0),
      kb(r.bytesOutPerS),
      kb(r.bytesOutPerPersonPerS),
      kb(r.bytesInPerS),
      `${fmt(r.genCpuPct, 0)}${generatorSaturated(r) ? ' ⚠' : ''}`,
      fmt(r.loadDuring[0], 2),
      holds(r) ? '✓' : '✗',
    ]),
    ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

/** The largest N the server held. */
function capacity(target: TargetName): number {
  return Math.max(0, ...results.filter((r) => r.target === target && holds(r)).map((r) => r.n));
}

function capacityLine(): string {
  return `capacity (largest N with cursor and edit p99 ≤ 100 ms, ≥ 99.9 % delivered, no close): ${servers
    .map((s) => `${TARGET_INFO[s].label} ${capacity(s) || '< ' + Math.min(...sizes)}`)
    .join(', ')}`;
}

function writeReport(partial: boolean): void {
  const loadAtEnd = loadavg();
  const header =
    `bench:people ${startedAt.toISOString()}${partial ? ' (PARTIAL)' : ''}: window ${timing.durationS} s, warm-up ${timing.warmupS} s, settle ${timing.settleS} s, ` +
    `${timing.items} items; ${pinned ? 'servers on core 0, generator on core 1' : 'not pinned'}; ` +
    `load average (1/5/15 min) at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')}; ` +
    `commit ${gitCommit()}, Node ${process.version}`;
  const body = [
    header,
    '',
    resultsTable(results),
    '',
    capacityLine(),
    ...skippedRuns.map((s) => `not run: ${TARGET_INFO[s.target].label} at N=${s.n}: ${s.reason}`),
    ...results
      .filter(generatorSaturated)
      .map(
        (r) =>
          `⚠ N=${r.n} ${TARGET_INFO[r.target as TargetName].label}: load generator saturated (CPU ${fmt(r.genCpuPct, 0)} %, lag p99 ${fmt(r.genLagMs.p99)} ms): latencies include its own queueing`,
      ),
  ].join('\n');
  console.log('\n' + body);
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const jsonPath = path.join(outDir, `people-${stamp}.json`);
  const mdPath = path.join(outDir, `people-${stamp}.md`);
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    partial,
    timing,
    sizes,
    servers,
    pinning: pinned ? 'servers core 0, generator core 1' : 'none',
    loadavg: { start: loadAtStart, end: loadAtEnd },
    cpus: machineCores,
    node: process.version,
    commit: gitCommit(),
    capacity: Object.fromEntries(servers.map((s) => [s, capacity(s)])),
    results,
    skipped: skippedRuns,
  };
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(mdPath, body + '\n');
  try {
    const bin = path.join(REPO_ROOT, 'bench', 'node_modules', 'prettier', 'bin', 'prettier.cjs');
    execFileSync(process.execPath, [bin, '--write', '--log-level', 'silent', jsonPath, mdPath], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
      timeout: 30_000,
    });
  } catch {
    // Unformatted results are still results.
  }
  console.log(`\nwrote ${path.relative(process.cwd(), jsonPath)}`);
}

process.on('exit', killAllServers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllServers();
    writeReport(true);
    process.exit(130);
  });
}

async function main(): Promise<void> {
  log(
    `bench:people — N ${sizes.join(', ')}; servers ${servers.join(', ')}; load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  /** Sizes a server failed at in a row; two in a row and it is past its capacity. */
  const failures = new Map<TargetName, number[]>();
  for (const [round, n] of sizes.entries()) {
    // Interleaved: every server at this N before the next N, starting with a different one each time.
    const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
    for (const target of order) {
      const failed = failures.get(target) ?? [];
      if (failed.length >= 2 && !values.all) {
        skippedRuns.push({ target, n, reason: `did not hold N=${failed.join(' and N=')}` });
        continue;
      }
      log(`N=${n} × ${target}`);
      const dataDir =
        target === 'weboard' ? mkdtempSync(path.join(tmpdir(), 'weboard-people-')) : undefined;
      try {
        const server = await startServer(target, {
          cpus: pinned ? '0' : null,
          ...(dataDir ? { dataDir } : {}),
          // The N people share one board and, here, one address: WeBoard's caps on both (1,000
          // connections each by default, README "Configuration") are raised to the room, so a
          // room of more than 1,000 measures the server rather than its configured limits.
          ...(target === 'weboard' ? { env: roomCaps(n) } : {}),
        });
        try {
          const r = await runPeople(server, n, timing, log);
          results.push(r);
          log(
            r.error
              ? `  error: ${r.error}`
              : `  cursor p99 ${fmt(r.cursorMs.p99)} ms, edit p99 ${fmt(r.editMs.p99)} ms, presence ${fmt(r.presenceDeliveredPct, 2)} %, edits ${fmt(r.editDeliveredPct, 2)} %, closes ${closesText(r.closes)}, server CPU ${fmt(r.serverCpuPct, 0)} %, gen CPU ${fmt(r.genCpuPct, 0)} %`,
          );
          failures.set(target, holds(r) ? [] : [...failed, n]);
        } finally {
          await server.stop();
        }
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        log(`  ${target} failed: ${reason}`);
        skippedRuns.push({ target, n, reason });
        failures.set(target, [...failed, n]);
      } finally {
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  writeReport(false);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(killAllServers);
