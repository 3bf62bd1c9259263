import type { ColdLoadResult } from './coldload';
import type { MemoryResult } from './memory';
import { TARGET_INFO } from './servers';
import type { TargetName } from './servers';
import type { ScenarioResult } from './workload';
import { median } from './stats';

export interface SkippedTarget {
  target: TargetName;
  reason: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  meta: Record<string, unknown>;
  scenarios: ScenarioResult[];
  memory: MemoryResult[];
  coldLoad: ColdLoadResult[];
  skipped: SkippedTarget[];
  targets: TargetCheck[];
}

export interface TargetCheck {
  target: string;
  scenario?: string;
  ok: boolean | null;
  detail: string;
}

const OK = '✓';
const FAIL = '✗';
const NA = '–';

const mark = (ok: boolean | null): string => (ok === null ? NA : ok ? OK : FAIL);

function num(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  return value.toFixed(digits);
}

function int(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  return Math.round(value).toLocaleString('en-US');
}

/** 100% delivered: every expected delivery arrived, no errors. */
export function deliveredOk(r: ScenarioResult): boolean {
  return !r.error && r.expected > 0 && r.received >= r.expected;
}

/**
 * Whether the load generator itself may have limited the result: it used ≥ 90 % of its core, its
 * event loop lagged ≥ 50 ms at p99, or it skipped more than 1 % of the scheduled sends.
 */
export function generatorSaturated(r: ScenarioResult): boolean {
  if (r.error) return false;
  const scheduled = r.sent + r.skippedSends;
  return (
    r.genCpuPct >= 90 ||
    r.genLagMs.p99 >= 50 ||
    (scheduled > 0 && r.skippedSends / scheduled > 0.01)
  );
}

/** Best (lowest) p99 among the peers that completed the scenario in the same round, or null. */
function bestPeerP99(all: ScenarioResult[], scenario: string, round?: number): number | null {
  const peers = all.filter(
    (r) =>
      r.scenario === scenario &&
      r.round === round &&
      r.target !== 'weboard' &&
      !r.error &&
      r.latencyMs.p99 !== null,
  );
  if (peers.length === 0) return null;
  return Math.min(...peers.map((r) => r.latencyMs.p99!));
}

const p99Factor = (scenario: string): number => (scenario === 'storm' ? 0.5 : 1);

/** WeBoard's p99 target for one scenario: ≤ best peer, ≤ half the best peer in storm. */
export function p99Check(all: ScenarioResult[], r: ScenarioResult): TargetCheck | null {
  if (r.target !== 'weboard') return null;
  const best = bestPeerP99(all, r.scenario, r.round);
  const factor = p99Factor(r.scenario);
  const limit = best === null ? null : best * factor;
  const p99 = r.latencyMs.p99;
  const ok = limit === null || p99 === null || r.error ? null : p99 <= limit;
  return {
    target: 'weboard',
    scenario: r.scenario,
    ok: r.error ? false : ok,
    detail:
      limit === null
        ? 'no peer result to compare with'
        : `p99 ${num(p99)} ms vs limit ${num(limit)} ms (${factor === 1 ? '' : '½ × '}best peer ${num(best)} ms)`,
  };
}

export function computeTargets(
  scenarios: ScenarioResult[],
  memory: MemoryResult[],
  cold: ColdLoadResult[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const r of scenarios) {
    checks.push({
      target: r.target,
      scenario: r.scenario,
      ok: deliveredOk(r),
      detail: r.error
        ? `error: ${r.error}`
        : `delivered ${num(r.deliveredPct, 3)} % (${r.received}/${r.expected})`,
    });
  }
  const rounds = roundSummaries(scenarios);
  if (rounds.length === 0) {
    for (const r of scenarios) {
      const check = p99Check(scenarios, r);
      if (check) checks.push(check);
    }
  }
  for (const scenario of new Set(rounds.map((s) => s.scenario))) {
    const wb = rounds.find((s) => s.scenario === scenario && s.target === 'weboard');
    const peers = rounds.filter((s) => s.scenario === scenario && s.target !== 'weboard');
    if (!wb || wb.p99Median === null) continue;
    const medians = peers.flatMap((s) => (s.p99Median === null ? [] : [s.p99Median]));
    const best = medians.length ? Math.min(...medians) : null;
    const factor = p99Factor(scenario);
    checks.push({
      target: 'weboard',
      scenario,
      ok: best === null ? null : wb.p99Median <= best * factor,
      detail:
        best === null
          ? 'no peer result to compare with'
          : `median p99 over ${wb.rounds} rounds ${num(wb.p99Median)} ms vs limit ${num(best * factor)} ms (${factor === 1 ? '' : '½ × '}best peer's median ${num(best)} ms); WeBoard within its limit in ${wb.roundsWithin} of ${wb.rounds} rounds`,
    });
  }
  const wb = memory.find((m) => m.target === 'weboard');
  if (wb) {
    const peers = memory.filter((m) => m.target !== 'weboard' && m.perBoardMB !== null);
    const best = peers.length ? Math.min(...peers.map((m) => m.perBoardMB!)) : null;
    checks.push({
      target: 'weboard',
      scenario: 'rss-per-board',
      ok: wb.perBoardMB === null || best === null ? null : wb.perBoardMB <= best,
      detail: `${num(wb.perBoardMB)} MB/board vs best peer ${num(best)} MB/board`,
    });
  }
  for (const c of cold) {
    checks.push({
      target: c.target,
      scenario: 'cold-load',
      ok: c.ratio === null ? (c.error ? false : null) : c.ratio <= 1.2,
      detail: c.error
        ? `error: ${c.error}`
        : `cold ${num(c.coldMedianMs)} ms vs floor ${num(c.floorMs)} ms (${num(c.ratio, 2)}×, limit 1.2×)`,
    });
  }
  return checks;
}

/** One server in one scenario over the rounds of a `--rounds` run. */
export interface RoundSummary {
  scenario: string;
  target: string;
  rounds: number;
  p50Median: number | null;
  p99Median: number | null;
  p99Min: number | null;
  p99Max: number | null;
  cpuMedian: number | null;
  /** Rounds in which WeBoard's p99 met its target against that round's peers (WeBoard only). */
  roundsWithin: number;
}

/** Medians over rounds per scenario and server; empty unless the results carry rounds. */
export function roundSummaries(results: ScenarioResult[]): RoundSummary[] {
  const withRounds = results.filter((r) => r.round !== undefined && !r.error);
  const groups = new Map<string, ScenarioResult[]>();
  for (const r of withRounds) {
    const key = `${r.scenario}\u0000${r.target}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const pick = (rows: ScenarioResult[], f: (r: ScenarioResult) => number | null): number[] =>
    rows.flatMap((r) => {
      const v = f(r);
      return v === null ? [] : [v];
    });
  // The mean of the middle two for an even count (stats' median takes the lower one).
  const med = (values: number[]): number | null => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : median(sorted);
  };
  return [...groups.values()].map((rows) => {
    const p99s = pick(rows, (r) => r.latencyMs.p99);
    return {
      scenario: rows[0]!.scenario,
      target: rows[0]!.target,
      rounds: rows.length,
      p50Median: med(pick(rows, (r) => r.latencyMs.p50)),
      p99Median: med(p99s),
      p99Min: p99s.length ? Math.min(...p99s) : null,
      p99Max: p99s.length ? Math.max(...p99s) : null,
      cpuMedian: med(pick(rows, (r) => r.serverCpuPct)),
      roundsWithin: rows.filter((r) => p99Check(results, r)?.ok === true).length,
    };
  });
}

/** The medians over rounds as a table; empty string for a single-round run. */
export function roundsTable(results: ScenarioResult[]): string {
  const summaries = roundSummaries(results);
  if (summaries.length === 0) return '';
  const rows = summaries.map((s) => [
    s.scenario,
    label(s.target),
    String(s.rounds),
    num(s.p50Median),
    num(s.p99Median),
    `${num(s.p99Min)}–${num(s.p99Max)}`,
    num(s.cpuMedian, 0),
    s.target === 'weboard' ? `${s.roundsWithin} of ${s.rounds}` : '',
  ]);
  return table(
    [
      'scenario',
      'server',
      'rounds',
      'p50 ms (median)',
      'p99 ms (median)',
      'p99 ms (min–max)',
      'server CPU % (median)',
      'p99 target met',
    ],
    rows,
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

/** A Markdown table with padded columns (readable in a terminal, pasteable as Markdown). */
export function table(header: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const pad = (cell: string, i: number) =>
    align[i] === 'r' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const label = (target: string): string => TARGET_INFO[target as TargetName]?.label ?? target;

export function scenarioTable(results: ScenarioResult[]): string {
  const header = [
    'scenario',
    'server',
    'round',
    'rooms×clients',
    'writers×rate',
    'sent/s',
    'msgs/s delivered',
    'delivered %',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'server CPU %',
    'server lag p99 ms',
    'server RSS MB',
    'gen CPU %',
    'gen lag p99 ms',
    'other CPU %',
    'gen saturated',
    '100% delivered',
    'p99 target',
  ];
  const rows = results.map((r) => {
    const p99 = p99Check(results, r);
    if (r.error) {
      return [
        r.scenario,
        label(r.target),
        String(r.round ?? 1),
        `${r.rooms}×${r.clientsPerRoom}`,
        `${r.writersPerRoom}×${r.ratePerWriter}/s`,
        `error: ${r.error.slice(0, 60)}`,
        ...Array<string>(13).fill(NA),
        FAIL,
        p99 ? FAIL : '',
      ];
    }
    return [
      r.scenario,
      label(r.target),
      String(r.round ?? 1),
      `${r.rooms}×${r.clientsPerRoom}`,
      `${r.writersPerRoom}×${r.ratePerWriter}/s`,
      int(r.sentPerS),
      int(r.deliveredPerS),
      num(r.deliveredPct, 2) + (r.drops > 0 ? ` (${r.drops} dropped)` : ''),
      num(r.latencyMs.p50),
      num(r.latencyMs.p95),
      num(r.latencyMs.p99),
      num(r.latencyMs.max),
      num(r.serverCpuPct, 0),
      num(r.serverLagMs?.p99),
      num(r.serverRssMB, 0),
      num(r.genCpuPct, 0),
      num(r.genLagMs.p99),
      num(r.otherCpuPct, 0),
      generatorSaturated(r) ? '⚠ yes' : 'no',
      mark(deliveredOk(r)),
      p99 ? mark(p99.ok) : '',
    ];
  });
  const rounds = results.some((r) => r.round !== undefined);
  const align = [...['l', 'l', 'r'], ...Array<'r'>(15).fill('r'), ...['l', 'l', 'l']] as (
    'l' | 'r'
  )[];
  // The round column only when the run has rounds.
  const keep = (_: unknown, i: number) => rounds || i !== 2;
  return table(
    header.filter(keep),
    rows.map((row) => row.filter(keep)),
    align.filter(keep),
  );
}

export function memoryTable(results: MemoryResult[]): string {
  const wb = results.find((m) => m.target === 'weboard');
  const peers = results.filter((m) => m.target !== 'weboard' && m.perBoardMB !== null);
  const best = peers.length ? Math.min(...peers.map((m) => m.perBoardMB!)) : null;
  const rows = results.map((m) => [
    label(m.target),
    String(m.boards),
    int(m.itemsPerBoard),
    num(m.boardStateKB, 0),
    num(m.rssBeforeMB, 0),
    num(m.rssAfterMB, 0),
    m.error ? `error: ${m.error.slice(0, 60)}` : num(m.perBoardMB),
    m === wb ? mark(wb.perBoardMB === null || best === null ? null : wb.perBoardMB <= best) : '',
  ]);
  return table(
    [
      'server',
      'boards',
      'items/board',
      'board state KB',
      'RSS before MB',
      'RSS after MB',
      'RSS per board MB',
      '≤ peers',
    ],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

export function coldTable(results: ColdLoadResult[]): string {
  const rows = results.map((c) => [
    label(c.target),
    int(c.items),
    int(c.historyUpdates),
    num(c.mergedStateKB, 0),
    c.error ? `error: ${c.error.slice(0, 60)}` : num(c.coldMedianMs),
    num(c.coldReadyMedianMs),
    num(c.warmMedianMs),
    num(c.floorMs),
    num(c.ratio, 2),
    num(c.coldReadyMedianMs === null ? null : c.coldReadyMedianMs / c.floorMs, 2),
    mark(c.ratio === null ? (c.error ? false : null) : c.ratio <= 1.2),
  ]);
  return table(
    [
      'server',
      'items',
      'history updates',
      'state KB',
      'cold load ms',
      'server ready ms',
      'warm load ms',
      'decode floor ms',
      'cold / floor',
      'ready / floor',
      '≤ 1.2×',
    ],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

export function renderMarkdown(report: BenchReport): string {
  const m = report.meta;
  const parts = [
    `## Server benchmark (${report.startedAt})${m.partial ? ' — PARTIAL: the run was cut short' : ''}`,
    '',
    `Mode: ${String(m.mode)} — warm-up ${String(m.warmupS)} s, measured ${String(m.durationS)} s, drain ${String(m.drainS)} s per scenario; ` +
      `${String(m.itemsPerRoom)} items per board. Machine: ${String(m.cpuModel)}, ${String(m.cpus)} cores; ` +
      `${String(m.pinning)}${m.niceness !== null && m.niceness !== undefined ? `, niceness ${String(m.niceness)}` : ''}; ` +
      `other processes used ${typeof m.otherCpuBeforePct === 'number' ? m.otherCpuBeforePct.toFixed(0) : '?'} % CPU just before the run. Node ${String(m.node)}, yjs ${String(m.yjs)}, commit ${String(m.commit)}.`,
    '',
    '### Fan-out',
    '',
    scenarioTable(report.scenarios),
    '',
  ];
  const overRounds = roundsTable(report.scenarios);
  if (overRounds) parts.push('### Medians over rounds', '', overRounds, '');
  if (report.memory.length)
    parts.push('### RSS per open board', '', memoryTable(report.memory), '');
  if (report.coldLoad.length) parts.push('### Cold load', '', coldTable(report.coldLoad), '');
  if (report.skipped.length) {
    parts.push('### Not run', '');
    for (const s of report.skipped) parts.push(`- ${label(s.target)}: ${s.reason}`);
    parts.push('');
  }
  const saturated = report.scenarios.filter(generatorSaturated);
  if (saturated.length) {
    parts.push(
      `⚠ The load generator was near saturation in: ${saturated.map((r) => `${r.scenario}/${label(r.target)}`).join(', ')} — latencies there include its own queueing.`,
      '',
    );
  }
  const contended = report.scenarios.filter((r) => (r.otherCpuPct ?? 0) >= 20);
  if (contended.length) {
    parts.push(
      `⚠ Other processes used ≥ 20 % of a core during: ${contended.map((r) => `${r.scenario}/${label(r.target)}`).join(', ')} — those rows are noisy; rerun on a quiet machine.`,
      '',
    );
  }
  parts.push('### WeBoard targets', '');
  const wbChecks = report.targets.filter((t) => t.target === 'weboard');
  if (wbChecks.length === 0) parts.push('- WeBoard was not measured.');
  for (const t of wbChecks) parts.push(`- ${mark(t.ok)} ${t.scenario ?? ''}: ${t.detail}`);
  parts.push('');
  return parts.join('\n');
}

/** Prints a run's tables, what was not run, the warnings and WeBoard's targets. */
export function printReport(report: BenchReport): void {
  console.log('');
  console.log(scenarioTable(report.scenarios));
  const overRounds = roundsTable(report.scenarios);
  if (overRounds) console.log(`\n${overRounds}`);
  if (report.memory.length) console.log(`\n${memoryTable(report.memory)}`);
  if (report.coldLoad.length) console.log(`\n${coldTable(report.coldLoad)}`);
  for (const s of report.skipped) console.log(`not run: ${s.target}: ${s.reason}`);
  for (const r of report.scenarios.filter(generatorSaturated)) {
    console.log(
      `⚠ ${r.scenario}/${r.target}: load generator near saturation (CPU ${r.genCpuPct.toFixed(0)} %, lag p99 ${r.genLagMs.p99.toFixed(1)} ms, ${r.skippedSends} skipped sends)`,
    );
  }
  for (const r of report.scenarios.filter((x) => (x.otherCpuPct ?? 0) >= 20)) {
    console.log(
      `⚠ ${r.scenario}/${r.target}: other processes used ${r.otherCpuPct!.toFixed(0)} % CPU during the window (noisy result)`,
    );
  }
  const wb = report.targets.filter((t) => t.target === 'weboard');
  if (wb.length) {
    console.log('\nWeBoard targets:');
    for (const t of wb)
      console.log(`  ${t.ok === null ? '–' : t.ok ? '✓' : '✗'} ${t.scenario}: ${t.detail}`);
  }
}
