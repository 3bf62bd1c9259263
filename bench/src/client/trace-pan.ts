/**
 * `pnpm --filter @weboard/bench trace:pan -- --n=1000`: what runs in WeBoard's long tasks during a
 * pan (or zoom) as bench:client measures it (issue #18): the board opened, the camera wheeled to the working
 * view (or `--view=whole`), 300 ms rest, then 120 paced trackpad wheel events under a DevTools
 * trace. Prints the probe's long tasks and frames (p50, p95, max), the pan's main-thread task and CPU time (CDP
 * TaskDuration, ThreadTime), the three costliest tasks (CPU and wall ms), and every main-thread
 * task of ≥ `--min=` ms (default 30) with its trace events and the functions with the most self
 * time inside it (V8 samples); also every thread's busy time and the trace's GC events.
 * `--gesture=zoom` traces bench:client's pinch instead (out and back at the working view),
 * `--gesture=drag` its drag of the note nearest the middle (press, 60 moves, release, remote
 * restore; traced `--settle=` ms longer, default 500),
 * `--pre-drags=N` drags N times untraced before the traced drag,
 * `--gc` collects garbage after the first frame and `--pan-first` pans before the zoom (pans and
 * pinches before the drag), as bench:client does. `--light` leaves the sampling profiler out (it adds a long task of
 * its own), `--no-trace` traces nothing. `--client=<dir>` uses that build (an unminified one names
 * the functions: `vite build --minify false`). `--stacks=<name>` prints, for each long task, the call
 * stacks of the samples in functions so named (e.g. `scale`, where a canvas's new size is
 * allocated).
 */
import { chromium } from 'playwright-core';
import type { CDPSession } from 'playwright-core';
import { wholeBoardCamera, workingCamera } from './grid';
import { dragNote } from './measure';
import { seedBoard } from './seed';
import { createBoard, startServer } from './server';
import { nextFrames, openSession, paced, readCanvas, sleep, wheel } from './session';
import { CHROMIUM_ARGS, option, runMain } from '../chromium';
import { percentile } from './stats';
import { short } from './trace-model';
import type { ProfileNode, TraceEvent } from './trace-model';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  ...(process.argv.includes('--light') ? [] : ['disabled-by-default-v8.cpu_profiler']),
  'v8.execute',
  'v8',
  'blink',
  'cc',
  'toplevel',
  'IndexedDB',
];

/**
 * Every thread's busy time (top-level complete events: wall and CPU ms) over the trace, busiest
 * first: what else shares the machine's cores with the page's main thread.
 */
function threads(events: TraceEvent[]): string {
  const names = new Map<string, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    const name = String(e.args?.['name'] ?? '');
    if (e.name === 'process_name') names.set(`${e.pid}`, name);
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, name);
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const rows: { key: string; wall: number; cpu: number; top: Map<string, number> }[] = [];
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let end = -Infinity;
    let wall = 0;
    let cpu = 0;
    const top = new Map<string, number>();
    for (const e of list) {
      if (e.ts < end) continue;
      end = e.ts + (e.dur ?? 0);
      wall += e.dur ?? 0;
      cpu += e.tdur ?? 0;
      top.set(e.name, (top.get(e.name) ?? 0) + (e.dur ?? 0));
    }
    rows.push({ key, wall, cpu, top });
  }
  return rows
    .sort((a, b) => b.wall - a.wall)
    .slice(0, 12)
    .map((r) => {
      const [pid] = r.key.split(':');
      const names3 = [...r.top]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`)
        .join(', ');
      return `  ${(r.wall / 1000).toFixed(0).padStart(6)} wall ${(r.cpu / 1000).toFixed(0).padStart(6)} cpu  ${names.get(pid ?? '') ?? pid} / ${names.get(r.key) ?? r.key}: ${names3}`;
    })
    .join('\n');
}

function analyse(events: TraceEvent[], minMs: number) {
  const mains = events.filter(
    (e) => e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain',
  );
  let best = { pid: 0, tid: 0, busy: -1 };
  for (const m of mains) {
    const busy = events
      .filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask')
      .reduce((s, e) => s + (e.dur ?? 0), 0);
    if (busy > best.busy) best = { pid: m.pid, tid: m.tid, busy };
  }
  const onMain = events
    .filter((e) => e.pid === best.pid && e.tid === best.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; id: number }[] = [];
  for (const e of events) {
    if (e.pid !== best.pid) continue;
    if (e.name === 'Profile') continue;
    if (e.name !== 'ProfileChunk') continue;
    const data = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    samples.push(
      ...(data.cpuProfile?.samples ?? []).map((id, i) => ({ id, ts: data.timeDeltas?.[i] ?? 0 })),
    );
  }
  // Sample times are deltas from the profile's start time.
  const profile = events.find((e) => e.pid === best.pid && e.name === 'Profile');
  let t = Number((profile?.args?.data as { startTime?: number } | undefined)?.startTime ?? 0);
  for (const s of samples) {
    t += s.ts;
    s.ts = t;
  }
  const label = (id: number) => {
    const f = nodes.get(id)?.callFrame;
    if (!f) return '?';
    return `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber + 1}`.trim();
  };
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= minMs * 1000);
  const costliest = onMain
    .filter((e) => e.name === 'RunTask')
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, 3)
    .map((e) => `${((e.tdur ?? 0) / 1000).toFixed(1)} (${((e.dur ?? 0) / 1000).toFixed(1)})`);
  console.log(`costliest tasks, CPU (wall) ms: ${costliest.join(', ')}`);
  const t0 = onMain[0]?.ts ?? 0;
  const lines: string[] = [];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    lines.push(
      `== task at ${((task.ts - t0) / 1000).toFixed(1)} ms: ${((task.dur ?? 0) / 1000).toFixed(1)} ms (cpu ${((task.tdur ?? 0) / 1000).toFixed(1)})`,
    );
    const inside = onMain.filter(
      (e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end,
    );
    const byName = new Map<string, number>();
    for (const e of inside) byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0));
    lines.push(
      '  events (inclusive): ' +
        [...byName]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 14)
          .map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`)
          .join(', '),
    );
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    const inS = samples.filter((s) => s.ts >= task.ts && s.ts <= end);
    for (let i = 0; i < inS.length; i++) {
      const d = (inS[i + 1]?.ts ?? end) - inS[i]!.ts;
      const l = label(inS[i]!.id);
      self.set(l, (self.get(l) ?? 0) + d);
      const seen = new Set<string>();
      for (let n = nodes.get(inS[i]!.id); n; n = n.parent ? nodes.get(n.parent) : undefined) {
        const name = label(n.id);
        if (!seen.has(name)) incl.set(name, (incl.get(name) ?? 0) + d);
        seen.add(name);
      }
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([n, d]) => `    ${(d / 1000).toFixed(1).padStart(6)}  ${n}`);
    lines.push('  self:', ...top(self, 15), '  inclusive:', ...top(incl, 30));
    // `--stacks=<name>`: the call stacks of the samples of functions so named, with their time.
    const wanted = option('stacks');
    if (wanted) {
      const stacks = new Map<string, number>();
      for (let i = 0; i < inS.length; i++) {
        if (!label(inS[i]!.id).startsWith(wanted + ' ')) continue;
        const d = (inS[i + 1]?.ts ?? end) - inS[i]!.ts;
        const chain: string[] = [];
        for (let n = nodes.get(inS[i]!.id); n; n = n.parent ? nodes.get(n.parent) : undefined) {
          chain.push(label(n.id));
        }
        const key = chain.slice(0, 12).join(' < ');
        stacks.set(key, (stacks.get(key) ?? 0) + d);
      }
      lines.push(`  stacks of ${wanted}:`, ...top(stacks, 8));
    }
  }
  return lines.join('\n');
}

async function cpu(cdp: CDPSession) {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => all.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), cpu: get('ThreadTime') };
}

async function main() {
  const notes = Number(option('n') ?? 1000);
  const minMs = Number(option('min') ?? 30);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const client = option('client');
  const server = await startServer(client ? { CLIENT_DIR: client } : {});
  try {
    const board = await createBoard(server.url, `pan ${notes}`);
    const writer = await seedBoard(server.url, board.id, board.token, notes);
    const target = { app: 'WeBoard' as const, url: () => board.link, writer: writer.doc };
    const { context, session } = await openSession(browser, target, notes);
    const { page, cdp } = session;
    await page.goto(board.link, { waitUntil: 'commit' });
    while (!(await page.evaluate('!!window.peer'))) await sleep(50);
    await page.evaluate('window.peer.firstFrame');
    // `--gc`: a full collection after the first frame, as bench:client does before it reads the heap.
    if (process.argv.includes('--gc')) await cdp.send('HeapProfiler.collectGarbage');
    // `--pan-first`: bench:client's order, a pan of the view before its zoom.
    // With `--gesture=drag`, the pan and then the pinch, as bench:client does before its drag.
    const gestureOption = option('gesture');
    if (process.argv.includes('--pan-first') && gestureOption && gestureOption !== 'pan') {
      const c = await readCanvas(page);
      const whole = option('view') === 'whole';
      const cam = whole ? wholeBoardCamera(notes, c) : workingCamera();
      const [x, y] = [c.left + c.width / 2, c.top + c.height / 2];
      await session.setCamera(cam);
      await sleep(300);
      await paced(120, (i) => {
        const sign = i < 60 ? 1 : -1;
        return wheel(cdp, x, y, 12.5 * sign, 7.5 * sign);
      });
      if (gestureOption === 'drag') {
        await session.setCamera(cam);
        await sleep(300);
        const first = whole ? -4 : 4;
        await paced(60, (i) => wheel(cdp, x, y, 0, i < 30 ? first : -first, true));
      }
    }
    const canvas = await readCanvas(page);
    const camera = option('view') === 'whole' ? wholeBoardCamera(notes, canvas) : workingCamera();
    // `--pre-drags=N`: N untraced drags (and their restores) before the traced one, so a first
    // drag's cost can be told from every drag's.
    for (let i = 0; i < Number(option('pre-drags') ?? 0); i++) {
      await session.setCamera(camera);
      await sleep(300);
      await dragNote(session, notes, camera, canvas);
      await sleep(500);
      await page.evaluate('window.peer.deselect?.()');
    }
    await session.setCamera(camera);
    await sleep(300);
    await nextFrames(page);
    const browserCdp = await browser.newBrowserCDPSession();
    const events: TraceEvent[] = [];
    browserCdp.on('Tracing.dataCollected', (e) =>
      events.push(...(e.value as unknown as TraceEvent[])),
    );
    const done = new Promise<void>((r) => browserCdp.once('Tracing.tracingComplete', () => r()));
    const trace = !process.argv.includes('--no-trace');
    if (trace) {
      await browserCdp.send('Tracing.start', {
        traceConfig: { includedCategories: CATEGORIES },
        transferMode: 'ReportEvents',
      });
    } else done.catch(() => undefined);
    const before = await cpu(cdp);
    await page.evaluate('window.__probe.start()');
    const cx = canvas.left + canvas.width / 2;
    const cy = canvas.top + canvas.height / 2;
    if (option('gesture') === 'drag') {
      // bench:client's drag of the note nearest the middle and its remote restore; the trace
      // goes on for `--settle=` ms (default 500) so the restore's work is inside it.
      const { note } = await dragNote(session, notes, camera, canvas);
      if (note) console.log(note);
      await sleep(Number(option('settle') ?? 500));
    } else if (option('gesture') === 'zoom') {
      // bench:client's pinch: out and back in the working view, in and back out on the whole board.
      const first = option('view') === 'whole' ? -4 : 4;
      await paced(60, (i) => wheel(cdp, cx, cy, 0, i < 30 ? first : -first, true));
    } else {
      await paced(120, (i) => {
        const sign = i < 60 ? 1 : -1;
        return wheel(cdp, cx, cy, 12.5 * sign, 7.5 * sign);
      });
    }
    const probe = (await page.evaluate('window.__probe.stop()')) as {
      frames: number[];
      longTasks: number;
      longTaskMs: number;
    };
    const after = await cpu(cdp);
    if (trace) {
      await browserCdp.send('Tracing.end');
      await done;
    }
    await browserCdp.detach();
    console.log(
      `probe: long tasks ${probe.longTasks} · ${Math.round(probe.longTaskMs)} ms, frames ${probe.frames.length} p50 ${percentile(probe.frames, 50)?.toFixed(1)} p95 ${percentile(probe.frames, 95)?.toFixed(1)} max ${Math.max(...probe.frames).toFixed(1)}, main-thread task ${Math.round((after.task - before.task) * 1000)} ms, CPU ${Math.round((after.cpu - before.cpu) * 1000)} ms`,
    );
    if (trace) {
      const gc = new Map<string, { n: number; ms: number }>();
      for (const e of events) {
        if (e.ph !== 'X' || !/GC|Scavenge|Mark|Sweep|Compact/i.test(e.name)) continue;
        const g = gc.get(e.name) ?? { n: 0, ms: 0 };
        g.n++;
        g.ms += (e.dur ?? 0) / 1000;
        gc.set(e.name, g);
      }
      console.log(
        'gc events (all threads, nested counted twice):',
        [...gc]
          .sort((a, b) => b[1].ms - a[1].ms)
          .slice(0, 14)
          .map(([n, g]) => `${n} ${g.n}× ${g.ms.toFixed(0)}`)
          .join(', '),
      );
    }
    if (trace)
      console.log(
        `threads (busy ms over the trace):\n${threads(events)}\n${analyse(events, minMs)}`,
      );
    await context.close();
    writer.provider.destroy();
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
}

runMain(main);
