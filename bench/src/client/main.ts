/**
 * `pnpm bench:client`: WeBoard, tldraw and Excalidraw side by side in one headless Debian
 * Chromium, on the same grid of sticky notes (grid.ts), with real input through the DevTools
 * protocol. WeBoard is its built client against the real server, the board seeded by a stock
 * y-websocket client; tldraw and Excalidraw are small pages built from bench/peers/ (peers.ts).
 * Each size is measured `--runs` times, the apps interleaved (the order rotates from run to run),
 * and the tables show medians. See BENCHMARKS.md ("Client rendering") for what each number is.
 *
 * Options: --n=100,1000,10000,50000,100000  --runs=3  --timeout=<s per app and size>
 *          --apps=weboard,tldraw,excalidraw  --naive (also WeBoard with ?render=naive)  --no-md
 *          --shots (screenshots of each app at each view in .artifacts/bench/)
 *          --report=bench/results/client-….json (the tables of an earlier run, not measuring)
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { VIEWPORT } from './grid';
import { measure } from './measure';
import { APPS, PEERS, root } from './model';
import type { AppName, Machine, Measurement, Results } from './model';
import { preparePeers, servePeers } from './peers';
import { report, summarise } from './report';
import { seedBoard } from './seed';
import { createBoard, freePort, startServer } from './server';
import type { Target } from './session';
import { CHROMIUM_ARGS, option } from '../chromium';

const flag = (name: string) => process.argv.includes(`--${name}`);
/** Screenshots of every app at each view, to look at (in .artifacts/bench/). */
const shots = flag('shots');

async function measureAll(): Promise<Results> {
  const sizes = (option('n') ?? '100,1000,10000,50000,100000').split(',').map(Number);
  const runs = Number(option('runs') ?? 3);
  const timeoutOption = option('timeout');
  const timeoutFor = (n: number) =>
    timeoutOption ? Number(timeoutOption) * 1000 : 180_000 + n * 4;
  const chosen = (option('apps') ?? 'weboard,tldraw,excalidraw').split(',');
  const apps: AppName[] = APPS.filter(
    (a) => chosen.includes(a.toLowerCase()) || (a === 'WeBoard naive' && flag('naive')),
  );
  if (!existsSync(join(root, 'client/dist/index.html'))) {
    throw new Error('client/dist is missing: run `pnpm build` first');
  }
  const withPeers = apps.some((a) => PEERS.includes(a));
  if (withPeers) preparePeers();
  const loadBefore = loadavg();
  // The browser first: if it cannot start, no server is left behind.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const server = await startServer().catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  let peerServer: Awaited<ReturnType<typeof servePeers>> | null = null;
  const rows: Measurement[] = [];
  try {
    if (withPeers) peerServer = await servePeers(await freePort());
    for (const notes of sizes) {
      const board = await createBoard(server.url, `bench ${notes}`);
      const seedStart = Date.now();
      const writer = await seedBoard(server.url, board.id, board.token, notes);
      console.log(`seeded ${notes} notes in ${Date.now() - seedStart} ms`);
      const targets: Target[] = apps.map((app) => ({
        app,
        url: (n: number) =>
          app === 'WeBoard'
            ? board.link
            : app === 'WeBoard naive'
              ? `${board.link}&render=naive`
              : `${peerServer?.url}/${app.toLowerCase()}.html?n=${n}`,
        ...(app.startsWith('WeBoard') ? { writer: writer.doc } : {}),
      }));
      for (let run = 0; run < runs; run++) {
        // Interleaved, and each app in each place once over three runs.
        const order = targets.map((_, i) => targets[(i + run) % targets.length]!);
        for (const target of order) {
          const m = await measure(browser, target, notes, run, timeoutFor(notes), shots);
          console.log(
            `${target.app} ${notes} run ${run + 1}: first frame ${m.firstFrameMs} ms, heap ${m.heapMB} MB, remote ${m.remoteMs} ms, load ${m.loadBefore[0]!.toFixed(2)}→${m.loadAfter[0]!.toFixed(2)}${m.note ? ` — ${m.note}` : ''}`,
          );
          rows.push(m);
        }
      }
      writer.provider.destroy();
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    peerServer?.child.kill('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
  }
  const fmtLoad = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  const machine: Machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    chromium: browser.version(),
    node: process.version,
    loadBefore: fmtLoad(loadBefore),
    loadAfter: fmtLoad(loadavg()),
    date: new Date().toISOString(),
  };
  const results: Results = { machine, sizes, runs, apps, rows };
  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, `client-${machine.date.replace(/[:.]/g, '-')}.json`);
  const summaries = sizes.flatMap((n) => apps.map((a) => summarise(rows, a, n)));
  writeFileSync(out, JSON.stringify({ ...results, viewport: VIEWPORT, summaries }, null, 2));
  console.log(`wrote ${out}`);
  return results;
}

async function main() {
  // --report=<results JSON>: the tables of an earlier run again, without measuring.
  const earlier = option('report');
  report(
    earlier ? (JSON.parse(readFileSync(earlier, 'utf8')) as Results) : await measureAll(),
    !flag('no-md'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
