import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIEWPORT } from './grid';
import { GESTURES, PEERS, VIEWS, root } from './model';
import type { AppName, Measurement, Results, Summary, View } from './model';
import { medianOf } from './stats';

/* bench:client's tables: medians over runs, one table per size, the overview, BENCHMARKS.md. */

/** Medians over the runs, number by number. */
export function summarise(rows: readonly Measurement[], app: AppName, notes: number): Summary {
  const mine = rows.filter((r) => r.app === app && r.notes === notes);
  const gestures: Summary['gestures'] = { working: {}, whole: {} };
  for (const view of VIEWS) {
    for (const gesture of GESTURES) {
      const results = mine.flatMap((r) => r.gestures[view][gesture] ?? []);
      if (results.length === 0) continue;
      const pick = (
        key:
          | 'p50'
          | 'p95'
          | 'max'
          | 'frames'
          | 'longTasks'
          | 'longTaskMs'
          | 'events'
          | 'taskMsPerFrame'
          | 'scriptMsPerFrame',
      ) => medianOf(results.map((g) => g[key]));
      gestures[view][gesture] = {
        p50: pick('p50'),
        p95: pick('p95'),
        max: pick('max'),
        frames: pick('frames') ?? 0,
        longTasks: pick('longTasks') ?? 0,
        longTaskMs: pick('longTaskMs') ?? 0,
        events: pick('events') ?? 0,
        taskMsPerFrame: pick('taskMsPerFrame'),
        scriptMsPerFrame: pick('scriptMsPerFrame'),
        ...(results.some((g) => g.note) ? { note: results.find((g) => g.note)!.note! } : {}),
      };
    }
  }
  return {
    app,
    notes,
    runs: mine.length,
    firstFrameMs: medianOf(mine.map((r) => r.firstFrameMs)),
    heapMB: medianOf(mine.map((r) => r.heapMB)),
    gestures,
    remoteMs: medianOf(mine.map((r) => r.remoteMs)),
    remoteScriptMs: medianOf(mine.map((r) => r.remoteScriptMs)),
    problems: [...new Set(mine.flatMap((r) => (r.note ? [`run ${r.run + 1}: ${r.note}`] : [])))],
  };
}

const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined
    ? '–'
    : v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** WeBoard ÷ the best (lowest) peer value, or – when either is missing. */
function ratio(ours: number | null | undefined, peers: (number | null | undefined)[]): string {
  const measured = peers.filter((v): v is number => typeof v === 'number');
  if (ours === null || ours === undefined || measured.length === 0) return '–';
  const best = Math.min(...measured);
  if (best === 0) return ours === 0 ? '1.00' : '∞';
  return (ours / best).toFixed(2);
}

const VIEW_LABEL: Record<View, string> = { working: 'working view', whole: 'whole board' };

/** One table per board size: a row per measure, a column per app, and WeBoard ÷ best peer. */
function sizeTable(
  summaries: readonly Summary[],
  apps: readonly AppName[],
  notes: number,
  sample?: Measurement,
) {
  const by = new Map(summaries.filter((s) => s.notes === notes).map((s) => [s.app, s]));
  const peers = apps.filter((a) => PEERS.includes(a));
  const head = `| ${notes.toLocaleString('en')} notes | ${apps.join(' | ')} | WeBoard ÷ best peer |`;
  const lines = [head, head.replace(/[^|]+/g, ' --- ')];
  const row = (
    label: string,
    cell: (s: Summary) => string,
    value: (s: Summary) => number | null,
  ) => {
    const cells = apps.map((a) => {
      const s = by.get(a);
      return s ? cell(s) : '–';
    });
    const r = ratio(
      by.get('WeBoard') ? value(by.get('WeBoard')!) : null,
      peers.map((p) => (by.get(p) ? value(by.get(p)!) : null)),
    );
    lines.push(`| ${label} | ${cells.join(' | ')} | ${r} |`);
  };
  row(
    'first frame ms',
    (s) => num(s.firstFrameMs),
    (s) => s.firstFrameMs,
  );
  row(
    'JS heap after GC MB',
    (s) => num(s.heapMB),
    (s) => s.heapMB,
  );
  for (const view of VIEWS) {
    const inView = sample?.inView ? ` (${num(sample.inView[view])} notes in view)` : '';
    for (const gesture of GESTURES) {
      const g = (s: Summary) => s.gestures[view][gesture];
      row(
        `${gesture}, ${VIEW_LABEL[view]}${gesture === 'pan' ? inView : ''}: frame p50 / p95 / max ms (ratio: p95)`,
        (s) =>
          g(s)
            ? `${num(g(s)!.p50, 1)} / ${num(g(s)!.p95, 1)} / ${num(g(s)!.max, 1)}${g(s)!.note ? ' ⚠' : ''}`
            : '–',
        (s) => g(s)?.p95 ?? null,
      );
      row(
        `${gesture}, ${VIEW_LABEL[view]}: long tasks, count · total ms (ratio: ms)`,
        (s) => (g(s) ? `${num(g(s)!.longTasks)} · ${num(g(s)!.longTaskMs)}` : '–'),
        (s) => g(s)?.longTaskMs ?? null,
      );
      row(
        `${gesture}, ${VIEW_LABEL[view]}: main thread ms per frame (of which script)`,
        (s) =>
          g(s)?.taskMsPerFrame != null
            ? `${num(g(s)!.taskMsPerFrame, 1)} (${num(g(s)!.scriptMsPerFrame, 1)})`
            : '–',
        (s) => g(s)?.taskMsPerFrame ?? null,
      );
    }
  }
  row(
    'one remote move of a note in view: main thread ms (of which script)',
    (s) => (s.remoteMs === null ? '–' : `${num(s.remoteMs, 1)} (${num(s.remoteScriptMs, 1)})`),
    (s) => s.remoteMs,
  );
  const reasons = apps.flatMap((a) => (by.get(a)?.problems ?? []).map((n) => `- ${a}: ${n}`));
  return [...lines, ...(reasons.length ? ['', ...reasons] : [])].join('\n');
}

/** The headline across sizes, as issue #18 puts it. */
function overviewTable(
  summaries: readonly Summary[],
  apps: readonly AppName[],
  sizes: readonly number[],
) {
  const shown = apps.filter((a) => a !== 'WeBoard naive');
  const cell = (n: number, value: (s: Summary) => number | null, digits = 0) => {
    const values = shown.map((a) => {
      const s = summaries.find((x) => x.app === a && x.notes === n);
      return s ? value(s) : null;
    });
    const r = ratio(
      values[shown.indexOf('WeBoard')],
      shown.map((a, i) => (PEERS.includes(a) ? values[i] : null)),
    );
    return `${values.map((v) => num(v, digits)).join(' / ')} (${r})`;
  };
  const head = `| notes | first frame ms | heap MB | pan p95 ms, working view | zoom p95 ms, whole board | zoom max ms, whole board | drag p95 ms, working view | one remote move ms |`;
  return [
    `${shown.join(' / ')}, and in brackets WeBoard ÷ best peer (below 1: WeBoard ahead):`,
    '',
    head,
    head.replace(/[^|]+/g, ' --- '),
    ...sizes.map(
      (n) =>
        `| ${n.toLocaleString('en')} | ${cell(n, (s) => s.firstFrameMs)} | ${cell(n, (s) => s.heapMB)} | ${cell(n, (s) => s.gestures.working.pan?.p95 ?? null, 1)} | ${cell(n, (s) => s.gestures.whole.zoom?.p95 ?? null, 1)} | ${cell(n, (s) => s.gestures.whole.zoom?.max ?? null, 1)} | ${cell(n, (s) => s.gestures.working.drag?.p95 ?? null, 1)} | ${cell(n, (s) => s.remoteMs, 1)} |`,
    ),
  ].join('\n');
}

/** Replaces (or appends) the "Client rendering" section of BENCHMARKS.md, leaving others alone. */
function writeBenchmarksMd(section: string) {
  const file = join(root, 'BENCHMARKS.md');
  const start = '<!-- client-rendering:start -->';
  const end = '<!-- client-rendering:end -->';
  const block = `${start}\n${section}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  } else {
    text = `${text.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(file, text);
  execFileSync(join(root, 'node_modules/.bin/prettier'), ['--write', file], { stdio: 'ignore' });
}

const METHOD = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'METHOD.md'),
  'utf8',
).trim();

/** The tables of a run: printed, and written into BENCHMARKS.md unless --no-md. */
export function report({ machine, sizes, runs, apps, rows }: Results, writeMd: boolean) {
  const summaries = sizes.flatMap((n) => apps.map((a) => summarise(rows, a, n)));
  const loads = rows.map((r) => r.loadBefore[0]!);
  const header = `\`pnpm bench:client --n=${sizes.join(',')} --runs=${runs}\` on ${machine.date.slice(0, 16).replace('T', ' ')} UTC: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Chromium ${machine.chromium} headless (software rendering, ${VIEWPORT.width}×${VIEWPORT.height}), Node ${machine.node}. Load average (1/5/15 min) before the run: ${machine.loadBefore}; after: ${machine.loadAfter}; 1-min load before each measurement ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}. Medians of ${runs} run${runs === 1 ? '' : 's'}.`;
  const warning =
    Math.max(...loads) > machine.cores
      ? `\n\n⚠ **Busy machine**: the 1-min load average reached ${Math.max(...loads).toFixed(1)} on ${machine.cores} cores during this run, so other work shared the CPU with the apps measured: its numbers are noisy and slower than the apps are. Compare runs on a quiet machine.`
      : '';
  const tables = [
    overviewTable(summaries, apps, sizes),
    ...sizes.map((n) =>
      sizeTable(
        summaries,
        apps,
        n,
        rows.find((r) => r.notes === n && r.inView),
      ),
    ),
  ].join('\n\n');
  console.log(`\n${header}${warning}\n\n${tables}\n`);
  if (writeMd) {
    writeBenchmarksMd(
      ['## Client rendering', '', header + warning, '', tables, '', METHOD].join('\n'),
    );
    console.log('updated BENCHMARKS.md (section "Client rendering")');
  }
}
