/**
 * `pnpm --filter @weboard/bench trace:client -- --n=1000,10000`: where WeBoard's first frame goes.
 * Seeds a board as bench:client does, opens it in headless Chromium under a DevTools trace
 * (timeline + V8 sampling profiler), and prints, in ms since navigation start: the requests
 * (document, scripts, REST, websocket), every main-thread task of ≥ 4 ms with its heaviest
 * functions (self time), and the first frame as bench:client measures it. `--runs=` opens the
 * board that many times (fresh context each), `--json=<file>` keeps the raw trace of the last,
 * `--categories=<a,b>` traces these categories too (e.g. `toplevel,mojom`). `--app=excalidraw` (or
 * `tldraw`) traces that peer's page instead, built and served as bench:client does, in the same
 * conditions: where its first frame goes, to compare.
 */
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { seedBoard } from './seed';
import { createBoard, startServer } from './server';
import { preparePeers, servePeers } from './peers';
import { freePort } from './server';
import { metrics, openSession, sleep } from './session';
import type { Target } from './session';
import { CHROMIUM_ARGS, option, runMain } from '../chromium';
import { short } from './trace-model';
import type { ProfileNode, TraceEvent } from './trace-model';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'v8.execute',
  'loading',
  ...(option('categories')?.split(',') ?? []),
];

async function traceOnce(browser: Browser, target: Target, notes: number, json?: string) {
  const browserCdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  browserCdp.on('Tracing.dataCollected', (e) =>
    events.push(...(e.value as unknown as TraceEvent[])),
  );
  const done = new Promise<void>((r) => browserCdp.once('Tracing.tracingComplete', () => r()));
  const { context, session } = await openSession(browser, target, notes);
  await browserCdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES },
    transferMode: 'ReportEvents',
  });
  const { page } = session;
  await page.goto(target.url(notes), { waitUntil: 'commit' });
  while (!(await page.evaluate('!!window.peer'))) await sleep(50);
  const firstFrame = (await page.evaluate('window.peer.firstFrame')) as number;
  await sleep(300);
  await browserCdp.send('Tracing.end');
  await done;
  await context.close();
  await browserCdp.detach();
  if (json) writeFileSync(json, JSON.stringify(events));
  return { events, firstFrame };
}

function analyse(events: TraceEvent[], firstFrame: number, page = '/b/') {
  const nav =
    events.find(
      (e) =>
        e.name === 'navigationStart' &&
        String(e.args?.data?.['documentLoaderURL'] ?? '').includes(page),
    ) ?? events.find((e) => e.name === 'navigationStart');
  if (!nav) throw new Error('no navigationStart in the trace');
  const t0 = nav.ts;
  const at = (ts: number) => ((ts - t0) / 1000).toFixed(1).padStart(7);
  const main = events.find(
    (e) => e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain' && e.pid === nav.pid,
  );
  const tid = main?.tid ?? nav.tid;
  const lines: string[] = [];
  // Requests and the websocket.
  const sent = new Map<string, { url: string; ts: number }>();
  for (const e of events) {
    const d = e.args?.data;
    if (!d) continue;
    if (e.name === 'ResourceSendRequest')
      sent.set(String(d['requestId']), { url: String(d['url']), ts: e.ts });
    if (e.name === 'ResourceFinish') {
      const s = sent.get(String(d['requestId']));
      if (s && e.ts >= t0 && s.url.startsWith('http')) {
        lines.push(
          `${at(s.ts)} → ${at(e.ts)}  ${short(s.url)} (${Math.round(Number(d['encodedDataLength'] ?? 0) / 1024)} KB)`,
        );
      }
    }
    if (e.name.startsWith('WebSocket') && e.ts >= t0)
      lines.push(`${at(e.ts)}            ${e.name}`);
  }
  // The sampled profile, merged over its chunks.
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; node: number }[] = [];
  let clock = 0;
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === nav.pid)
      clock = Number((e.args?.data as { startTime: number }).startTime);
    if (e.name !== 'ProfileChunk' || e.pid !== nav.pid) continue;
    const data = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    ids.forEach((id, i) => {
      clock += deltas[i] ?? 0;
      samples.push({ ts: clock, node: id });
    });
  }
  const label = (id: number) => {
    const f = nodes.get(id)?.callFrame;
    if (!f) return '?';
    return `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber + 1}`.trim();
  };
  const tasks = events
    .filter(
      (e) =>
        e.tid === tid &&
        e.pid === nav.pid &&
        e.name === 'RunTask' &&
        (e.dur ?? 0) >= 4000 &&
        e.ts >= t0,
    )
    .sort((a, b) => a.ts - b.ts);
  const taskLines: string[] = [];
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    let count = 0;
    for (const s of samples) {
      if (s.ts < task.ts || s.ts > end) continue;
      count++;
      const l = label(s.node);
      self.set(l, (self.get(l) ?? 0) + 1);
      const seen = new Set<string>();
      for (let n = nodes.get(s.node); n; n = n.parent ? nodes.get(n.parent) : undefined) {
        const name = label(n.id);
        if (!seen.has(name)) incl.set(name, (incl.get(name) ?? 0) + 1);
        seen.add(name);
      }
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([n, c]) => `${Math.round((100 * c) / Math.max(1, count))}% ${n}`);
    const inner = events
      .filter(
        (e) =>
          e.tid === tid &&
          e.pid === nav.pid &&
          e.ts >= task.ts &&
          e.ts < end &&
          e.name !== 'RunTask' &&
          (e.dur ?? 0) >= 1000,
      )
      .map((e) => e.name);
    const kinds = [...new Set(inner)].slice(0, 6).join(', ');
    taskLines.push(`${at(task.ts)} +${((task.dur ?? 0) / 1000).toFixed(1)} ms  [${kinds}]`);
    for (const l of top(self, (task.dur ?? 0) > 100_000 ? 20 : 6))
      taskLines.push(`            self ${l}`);
    for (const l of top(incl, (task.dur ?? 0) > 100_000 ? 60 : 14))
      taskLines.push(`            incl ${l}`);
  }
  const busy =
    tasks.reduce((s, t) => s + (t.ts < t0 + firstFrame * 1000 ? (t.dur ?? 0) : 0), 0) / 1000;
  return [
    '-- requests',
    ...lines,
    '-- main-thread tasks ≥ 4 ms',
    ...taskLines,
    `first frame ${firstFrame.toFixed(0)} ms; tasks ≥ 4 ms before it: ${busy.toFixed(0)} ms`,
  ].join('\n');
}

/**
 * `--ab=<client dir>,<client dir>`: the first frame of two builds of the client, each served by its
 * own server (CLIENT_DIR), opened alternately `--runs` times per size (no trace): a before/after
 * comparison that a loaded machine disturbs alike (`--settle=<s>` waits after seeding).
 * `--reload`: instead, from a reload of the opened board (its copy kept in this browser) until it
 * is live again: wall ms and the reload's main thread.
 */
async function compare(
  browser: Browser,
  dirs: string[],
  sizes: number[],
  runs: number,
  reload = false,
) {
  const servers = await Promise.all(dirs.map((dir) => startServer({ CLIENT_DIR: dir })));
  try {
    for (const notes of sizes) {
      const boards = await Promise.all(
        servers.map(async (server) => {
          const board = await createBoard(server.url, `ab ${notes}`);
          return { board, writer: await seedBoard(server.url, board.id, board.token, notes) };
        }),
      );
      // `--settle=<s>`: the servers store and compact the boards just seeded, on this machine's
      // cores: wait that long before the first run so it does not measure them.
      await sleep(Number(option('settle') ?? 0) * 1000);
      const times: number[][] = dirs.map(() => []);
      const tasks: number[][] = dirs.map(() => []);
      const cpu: number[][] = dirs.map(() => []);
      for (let run = 0; run < runs; run++) {
        for (let k = 0; k < dirs.length; k++) {
          const i = (k + run) % dirs.length;
          const { board, writer } = boards[i]!;
          const target = { app: 'WeBoard' as const, url: () => board.link, writer: writer.doc };
          const { context, session } = await openSession(browser, target, notes);
          await session.page.goto(board.link, { waitUntil: 'commit' });
          while (!(await session.page.evaluate('!!window.peer'))) await sleep(50);
          times[i]!.push((await session.page.evaluate('window.peer.firstFrame')) as number);
          let used = await metrics(session.cdp);
          if (reload) {
            // `--reload`: the same board opened again in the same browser, with its copy kept
            // there once the page went idle: from the reload until it is live again.
            const isLive = "window.weboard?.status() === 'live'";
            while (!(await session.page.evaluate(isLive))) await sleep(50);
            await sleep(3000);
            const started = Date.now();
            await session.page.reload({ waitUntil: 'commit' });
            while (!(await session.page.evaluate(isLive))) await sleep(20);
            times[i]![times[i]!.length - 1] = Date.now() - started;
            // The page's counters start again with the reload.
            used = await metrics(session.cdp);
          }
          tasks[i]!.push(used.task * 1000);
          cpu[i]!.push(used.cpu * 1000);
          await context.close();
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      dirs.forEach((dir, i) =>
        console.log(
          `${notes} notes ${dir}: median ${median(times[i]!).toFixed(0)} ms [${times[i]!.map((t) => t.toFixed(0)).join(' ')}], main-thread task time median ${median(tasks[i]!).toFixed(0)} ms, CPU time median ${median(cpu[i]!).toFixed(0)} ms [${cpu[i]!.map((t) => t.toFixed(0)).join(' ')}]`,
        ),
      );
      for (const { writer } of boards) writer.provider.destroy();
    }
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
  }
}

async function main() {
  const sizes = (option('n') ?? '1000,10000').split(',').map(Number);
  const runs = Number(option('runs') ?? 1);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const ab = option('ab');
  if (ab) {
    try {
      return await compare(browser, ab.split(','), sizes, runs, process.argv.includes('--reload'));
    } finally {
      await browser.close();
    }
  }
  const peer = option('app');
  if (peer === 'excalidraw' || peer === 'tldraw') {
    preparePeers();
    const peers = await servePeers(await freePort());
    const app = peer === 'tldraw' ? ('tldraw' as const) : ('Excalidraw' as const);
    try {
      for (const notes of sizes) {
        for (let run = 0; run < runs; run++) {
          const target = { app, url: (n: number) => `${peers.url}/${peer}.html?n=${n}` };
          const { events, firstFrame } = await traceOnce(browser, target, notes, option('json'));
          console.log(`=== ${app}, ${notes} notes, run ${run + 1}`);
          console.log(analyse(events, firstFrame, `/${peer}.html`));
        }
      }
    } finally {
      await browser.close();
      peers.child.kill('SIGTERM');
    }
    return;
  }
  const client = option('client');
  const server = await startServer(client ? { CLIENT_DIR: client } : {});
  try {
    for (const notes of sizes) {
      const board = await createBoard(server.url, `trace ${notes}`);
      const writer = await seedBoard(server.url, board.id, board.token, notes);
      for (let run = 0; run < runs; run++) {
        const target = { app: 'WeBoard' as const, url: () => board.link, writer: writer.doc };
        const { events, firstFrame } = await traceOnce(browser, target, notes, option('json'));
        console.log(`=== ${notes} notes, run ${run + 1}`);
        console.log(analyse(events, firstFrame));
      }
      writer.provider.destroy();
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
}

runMain(main);
