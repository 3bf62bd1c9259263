/*
 * pnpm bench:server — WeBoard's sync server against @y/websocket-server and @hocuspocus/server.
 * See bench/README.md for the flags, the method and what each column means.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureColdLoad } from './coldload';
import type { ColdLoadResult } from './coldload';
import { buildBoardUpdates, measureMemory } from './memory';
import type { MemoryResult } from './memory';
import { hasTaskset, machineCores, machineMeter, pinProcess } from './proc';
import { sleep } from './stats';
import { computeTargets, printReport, renderMarkdown } from './report';
import { cpuModel, formatFiles, gitCommit, yjsVersion } from './run-info';
import type { BenchReport, SkippedTarget } from './report';
import { REPO_ROOT, TARGETS, killAllServers, startServer, targetAvailable } from './servers';
import type { RunningServer, TargetName } from './servers';
import { SCENARIOS, runScenario } from './workload';
import type { ScenarioResult, Timing } from './workload';

const HELP = `Usage: pnpm bench:server [-- options]

  --quick               short run (< 3 min): 1 s warm-up, 3 s window, 1.5 s drain, 2 boards for
                        RSS, 1 cold load
  --servers LIST        comma-separated: weboard,y-websocket,hocuspocus (default: all)
  --scenarios LIST      comma-separated: planning,bigroom,heavy,storm (default: all; none: skip)
  --warmup S            warm-up seconds per scenario (default 3, quick 1)
  --duration S          measured window seconds (default 10, quick 3)
  --drain S             drain seconds after the window (default 3, quick 1.5)
  --items N             items on each scenario board (default 200)
  --mem-boards N        boards opened for the RSS-per-board test (default 10, quick 2; 0 skips)
  --mem-items N         items per board in the RSS test (default 10000)
  --history N           updates in the cold-load board's history (default 100000)
  --cold-items N        items on the cold-load board (default 10000)
  --cold-runs N         cold loads to take the median of (default 3, quick 1; 0 skips)
  --rounds N            run the scenarios N times, the servers in a rotated order each round, and
                        judge WeBoard's p99 on the medians over rounds (default 1)
  --no-pin              do not pin servers/generator to separate cores with taskset
  --out DIR             where to write JSON and Markdown (default bench/results)
  --max-minutes M       hard stop for the whole run (default 30, quick 12)
  --nice=N              run the generator and the servers at niceness N (e.g. --nice=-10; root) so
                        other work on the machine disturbs the measurement less (default: unchanged)

Every flag also reads from the environment: BENCH_QUICK=1, BENCH_SERVERS, BENCH_SCENARIOS,
BENCH_WARMUP, BENCH_DURATION, BENCH_DRAIN, BENCH_ITEMS, BENCH_MEM_BOARDS, BENCH_MEM_ITEMS,
BENCH_HISTORY, BENCH_COLD_ITEMS, BENCH_COLD_RUNS, BENCH_ROUNDS, BENCH_OUT, BENCH_MAX_MINUTES, BENCH_NICE,
BENCH_NO_PIN=1.`;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean' },
    servers: { type: 'string' },
    scenarios: { type: 'string' },
    warmup: { type: 'string' },
    duration: { type: 'string' },
    drain: { type: 'string' },
    items: { type: 'string' },
    'mem-boards': { type: 'string' },
    'mem-items': { type: 'string' },
    history: { type: 'string' },
    'cold-items': { type: 'string' },
    'cold-runs': { type: 'string' },
    rounds: { type: 'string' },
    'no-pin': { type: 'boolean' },
    out: { type: 'string' },
    'max-minutes': { type: 'string' },
    nice: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** " (loop 13, JIT/GC 3, threads 1)": the server's CPU per kind of thread, for the progress log. */
function cpuSplit(split: ScenarioResult['serverCpuSplitPct']): string {
  if (!split) return '';
  return ` (loop ${split.loop.toFixed(0)}, JIT/GC ${split.helpers.toFixed(0)}, threads ${split.other.toFixed(0)})`;
}

const envFlag = (name: string): boolean => ['1', 'true', 'yes'].includes(process.env[name] ?? '');
const quick = values.quick === true || envFlag('BENCH_QUICK');

function numberOption(
  flag: string | undefined,
  env: string,
  full: number,
  quickValue: number,
): number {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return quick ? quickValue : full;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`invalid number for ${env}: ${raw}`);
    process.exit(1);
  }
  return value;
}

function listOption<T extends string>(
  flag: string | undefined,
  env: string,
  all: readonly T[],
): T[] {
  const raw = flag ?? process.env[env];
  if (!raw) return [...all];
  if (raw === 'none') return [];
  const picked = raw.split(',').map((s) => s.trim()) as T[];
  for (const p of picked) {
    if (!all.includes(p)) {
      console.error(`unknown value "${p}" for ${env}; expected one of ${all.join(', ')}`);
      process.exit(1);
    }
  }
  return picked;
}

const timing: Timing = {
  warmupS: numberOption(values.warmup, 'BENCH_WARMUP', 3, 1),
  durationS: numberOption(values.duration, 'BENCH_DURATION', 10, 3),
  drainS: numberOption(values.drain, 'BENCH_DRAIN', 3, 1.5),
  itemsPerRoom: numberOption(values.items, 'BENCH_ITEMS', 200, 200),
};
const servers = listOption<TargetName>(values.servers, 'BENCH_SERVERS', TARGETS);
const scenarioNames = listOption(
  values.scenarios,
  'BENCH_SCENARIOS',
  SCENARIOS.map((s) => s.name),
);
const memBoards = numberOption(values['mem-boards'], 'BENCH_MEM_BOARDS', 10, 2);
const memItems = numberOption(values['mem-items'], 'BENCH_MEM_ITEMS', 10_000, 10_000);
const history = numberOption(values.history, 'BENCH_HISTORY', 100_000, 100_000);
const coldItems = numberOption(values['cold-items'], 'BENCH_COLD_ITEMS', 10_000, 10_000);
const coldRuns = numberOption(values['cold-runs'], 'BENCH_COLD_RUNS', 3, 1);
const rounds = Math.max(1, Math.floor(numberOption(values.rounds, 'BENCH_ROUNDS', 1, 1)));
const maxMinutes = numberOption(values['max-minutes'], 'BENCH_MAX_MINUTES', 30, 12);
const outDir = path.resolve(
  values.out ?? process.env.BENCH_OUT ?? path.join(REPO_ROOT, 'bench', 'results'),
);

// Servers on core 0, this load generator on core 1 (when there are two cores and taskset).
const wantPin = !(values['no-pin'] === true || envFlag('BENCH_NO_PIN'));
const pinned = wantPin && hasTaskset && machineCores >= 2 && pinProcess(process.pid, '1');
const serverCpus = pinned ? '0' : null;

// Niceness is per thread on Linux and inherited by threads and processes created afterwards, so
// setting it here, before any server is spawned, covers the servers too.
const niceRaw = values.nice ?? process.env.BENCH_NICE;
let niceness: number | null = null;
if (niceRaw !== undefined && niceRaw !== '') {
  const wanted = Number(niceRaw);
  try {
    setPriority(wanted);
    niceness = wanted;
  } catch (err) {
    console.error(`cannot set niceness ${niceRaw}: ${err instanceof Error ? err.message : err}`);
  }
}

const startedAt = new Date();
const log = (line: string): void => {
  const t = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[${t}s] ${line}`);
};
const t0 = performance.now();

// Bounded: whatever happens, the whole run ends by itself.
const watchdog = setTimeout(() => {
  console.error(`bench: exceeded --max-minutes ${maxMinutes}; stopping with partial results`);
  killAllServers();
  writeReport(true);
  process.exit(2);
}, maxMinutes * 60_000);
watchdog.unref();
process.on('exit', killAllServers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllServers();
    writeReport(true);
    process.exit(130);
  });
}

const tempDirs: string[] = [];
function dataDirFor(target: TargetName): string | undefined {
  if (target !== 'weboard') return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'weboard-bench-'));
  tempDirs.push(dir);
  return dir;
}

async function withServer<T>(
  target: TargetName,
  fn: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const dataDir = dataDirFor(target);
  const server = await startServer(target, {
    cpus: serverCpus,
    ...(dataDir ? { dataDir } : {}),
  });
  try {
    return await fn(server);
  } finally {
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const skipped: SkippedTarget[] = [];
const scenarioResults: ScenarioResult[] = [];
const memoryResults: MemoryResult[] = [];
const coldResults: ColdLoadResult[] = [];
let reported = false;
let otherCpuBefore: number | null = null;

async function main(): Promise<void> {
  log(
    `bench:server ${quick ? 'quick' : 'full'} — servers: ${servers.join(', ')}; scenarios: ${scenarioNames.join(', ')}; ` +
      (pinned ? 'servers pinned to core 0, generator to core 1' : 'not pinned') +
      (niceness !== null ? `, niceness ${niceness}` : ''),
  );
  // How busy the machine is before we start: other people's builds and tests skew every number.
  const idle = machineMeter();
  await sleep(2000);
  otherCpuBefore = idle.stop();
  if (otherCpuBefore !== null) {
    log(
      `other processes use ${otherCpuBefore.toFixed(0)} % CPU (of ${machineCores * 100} %)` +
        (otherCpuBefore >= 20 ? ' — the machine is busy; expect noisy numbers' : ''),
    );
  }
  const active: TargetName[] = [];
  for (const target of servers) {
    const reason = targetAvailable(target);
    if (reason) {
      skipped.push({ target, reason });
      log(`skipping ${target}: ${reason}`);
    } else {
      active.push(target);
    }
  }

  const failedToStart = new Set<TargetName>();
  for (let round = 1; round <= rounds; round++) {
    // Each round starts with a different server, so none always runs first (or last).
    const order = active.map((_, i) => active[(i + round - 1) % active.length]!);
    for (const scenario of SCENARIOS.filter((s) => scenarioNames.includes(s.name))) {
      for (const target of order) {
        if (failedToStart.has(target)) continue;
        log(`${scenario.name} × ${target}${rounds > 1 ? ` (round ${round} of ${rounds})` : ''}`);
        try {
          const result = await withServer(target, (server) =>
            runScenario(server, scenario, timing, log),
          );
          if (rounds > 1) result.round = round;
          scenarioResults.push(result);
          log(
            result.error
              ? `  error: ${result.error}`
              : `  delivered ${result.deliveredPct.toFixed(2)} %, p99 ${result.latencyMs.p99?.toFixed(1) ?? '–'} ms, server CPU ${result.serverCpuPct?.toFixed(0) ?? '–'} %${cpuSplit(result.serverCpuSplitPct)}, gen CPU ${result.genCpuPct.toFixed(0)} %${result.drops ? `, ${result.drops} clients dropped` : ''}`,
          );
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          log(`  ${target} failed to start: ${reason}`);
          failedToStart.add(target);
          skipped.push({ target, reason: `failed to start: ${reason.split('\n')[0]}` });
        }
      }
    }
  }

  if (memBoards > 0) {
    const updates = buildBoardUpdates(memItems);
    for (const target of active) {
      if (failedToStart.has(target)) continue;
      log(`RSS per board × ${target}: ${memBoards} boards of ${memItems} items`);
      try {
        const result = await withServer(target, (server) =>
          measureMemory(server, memBoards, memItems, updates, quick ? 1500 : 3000, () => {}),
        );
        memoryResults.push(result);
        log(
          result.error
            ? `  error: ${result.error}`
            : `  ${result.perBoardMB?.toFixed(1)} MB per board`,
        );
      } catch (err) {
        log(`  ${target} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  if (coldRuns > 0 && active.includes('weboard') && !failedToStart.has('weboard')) {
    log(`cold load × weboard: ${coldItems} items, ${history} updates of history`);
    coldResults.push(
      await measureColdLoad({
        target: 'weboard',
        items: coldItems,
        history,
        runs: coldRuns,
        cpus: serverCpus,
        log,
      }),
    );
  }

  writeReport(false);
}

/** Prints the tables and writes JSON + Markdown; `partial` when the run was cut short. */
function writeReport(partial: boolean): void {
  if (reported) return;
  reported = true;
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    meta: {
      mode: quick ? 'quick' : 'full',
      partial,
      ...timing,
      servers,
      scenarios: scenarioNames,
      memBoards,
      memItems,
      history,
      coldItems,
      coldRuns,
      rounds,
      pinning: pinned ? 'servers pinned to core 0, load generator to core 1' : 'no CPU pinning',
      niceness,
      otherCpuBeforePct: otherCpuBefore,
      cpus: machineCores,
      cpuModel: cpuModel(),
      node: process.version,
      yjs: yjsVersion(),
      commit: gitCommit(),
    },
    scenarios: scenarioResults,
    memory: memoryResults,
    coldLoad: coldResults,
    skipped,
    targets: computeTargets(scenarioResults, memoryResults, coldResults),
  };

  printReport(report);

  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const jsonPath = path.join(outDir, `server-${stamp}.json`);
  const mdPath = path.join(outDir, `server-${stamp}.md`);
  // Formatted as the repository's Prettier config would, so `pnpm lint` stays clean with results
  // lying around (bench/results is git-ignored, but Prettier still checks it).
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(mdPath, renderMarkdown(report));
  formatFiles([jsonPath, mdPath]);
  console.log(
    `\nwrote ${path.relative(process.cwd(), jsonPath)} and ${path.relative(process.cwd(), mdPath)}`,
  );
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    killAllServers();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  });
