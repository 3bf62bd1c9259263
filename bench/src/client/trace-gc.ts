/**
 * `pnpm --filter @weboard/bench trace:gc -- <trace.json>`: reads a trace that
 * `bench:client --trace-remote=<dir>` wrote and prints, on the board page's main thread, the
 * marks (each gesture, the remote move's `idle-start`, `busy-start`, `busy-end`) and the
 * collections between them (each minor and major collection with the heap before and after, and
 * the start of incremental marking), then the main thread's time in GC events in the remote
 * move's two spans. Issue #18: a run whose remote move costs ~9 ms more than the others has a
 * major collection of the board's heap (100-160 ms of incremental marking on the main thread,
 * 12-14 ms to finish) inside its busy span.
 */
import { readFileSync } from 'node:fs';
import type { TraceEvent } from './trace-model';

const SPANS = ['idle-start', 'busy-start', 'busy-end'];

function main() {
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  if (!file) throw new Error('usage: trace-gc <trace.json>');
  const events = JSON.parse(readFileSync(file, 'utf8')) as (TraceEvent & { cat?: string })[];
  const marks = events.filter(
    (e) => e.cat?.includes('blink.user_timing') && ['R', 'I', 'n', 'b'].includes(e.ph),
  );
  const first = marks[0];
  if (!first) throw new Error('no marks in the trace: was it written by --trace-remote?');
  const { pid } = first;
  const main = events.find(
    (e) => e.pid === pid && e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain',
  );
  if (!main) throw new Error('no renderer main thread in the trace');
  const onMain = events
    .filter((e) => e.pid === pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const rows: [number, string][] = marks.map((m) => [m.ts, `mark ${m.name}`]);
  const mb = (bytes: unknown) => (typeof bytes === 'number' ? (bytes / 1e6).toFixed(0) : '?');
  for (const e of onMain) {
    const ms = ((e.dur ?? 0) / 1000).toFixed(2).padStart(7);
    if (e.name === 'MinorGC' || e.name === 'MajorGC') {
      const heap = `${mb(e.args?.['usedHeapSizeBefore'])} → ${mb(e.args?.['usedHeapSizeAfter'])} MB`;
      rows.push([e.ts, `${ms} ms ${e.name} ${heap} (${String(e.args?.['type'] ?? '')})`]);
    } else if (e.name === 'V8.GCIncrementalMarkingStart') {
      rows.push([e.ts, `${ms} ms incremental marking starts`]);
    }
  }
  rows.sort((a, b) => a[0] - b[0]);
  for (const [ts, text] of rows)
    console.log(`${((ts - first.ts) / 1000).toFixed(0).padStart(7)} ms  ${text}`);
  const at = (name: string) => marks.find((m) => m.name === name)?.ts;
  const [idle, busy, end] = SPANS.map(at);
  if (idle === undefined || busy === undefined || end === undefined) return;
  for (const [span, from, to] of [
    ['idle', idle, busy],
    ['busy', busy, end],
  ] as const) {
    // Outermost GC events only, so that nested phases are not counted twice.
    let total = 0;
    let until = 0;
    for (const e of onMain) {
      if (e.ts < from || e.ts >= to || e.ts < until) continue;
      if (!/GC|Scavenge/.test(e.name) || /EXTERNAL|Phantom/.test(e.name)) continue;
      total += e.dur ?? 0;
      until = e.ts + (e.dur ?? 0);
    }
    console.log(`${span} span: ${(total / 1000).toFixed(1)} ms of GC on the main thread`);
  }
}

main();
