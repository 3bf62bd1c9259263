/**
 * `pnpm bench:room`: how light a board page stays with a room in it. One real built client in
 * headless Debian Chromium on a board made from the cross-team template, with 34 stock
 * y-websocket people in Node (35 present): 12 of them move their pointer at WeBoard's 20 Hz cursor
 * rate, 3 edit cards once a second, everyone has a card selected. Prints the page's main-thread
 * busy time (CDP `Performance.getMetrics` TaskDuration over wall time), its script, style and
 * layout parts, the closes anywhere, and the machine's load average.
 *
 * Options: --people=35 --movers=12 --editors=3 --seconds=20 --warmup=5
 *          --resting=N (N of the people who neither move nor edit leave their pointer in view;
 *          default 0: they show no pointer)
 *          --profile (CPU profile of the page: the functions with the most self time; the profile
 *          is kept in bench/results/room-<date>.cpuprofile for DevTools)
 *          --trace (Chromium trace: where the page's main thread spends its time; the trace is
 *          kept in bench/results/room-trace-<date>.json) --trace-categories=cc,blink (more of them)
 *          --layers (the page's composited layers at the end, from CDP LayerTree)
 *          --count-draws (draw calls per canvas in the window: a drawn canvas is copied again)
 *          --shot=<file.png> (a screenshot of the page at the end)
 *          --client-dir=<dir> (serve another build of the client, e.g. an older one to compare)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { CHROMIUM_ARGS, runMain } from '../chromium';
import { createBoard, startServer } from '../weboard-server';
import { addCards, StockPerson } from './people';
import type { Box } from './people';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const VIEWPORT = { width: 1280, height: 800 };
const TEAMS = ['Payments', 'Accounts', 'Search', 'Mobile', 'Platform', 'Data', 'Growth'];
const TEAM_COLORS = ['blue', 'green', 'orange', 'violet', 'teal', 'pink', 'yellow'];

function option(name: string, fallback: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return raw === undefined ? fallback : Number(raw);
}

const METRICS = [
  'TaskDuration',
  'ThreadTime',
  'ProcessTime',
  'ScriptDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
] as const;
type Metrics = Record<(typeof METRICS)[number], number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => list.find((m) => m.name === name)?.value ?? 0;
  return Object.fromEntries(METRICS.map((name) => [name, value(name)])) as Metrics;
}

interface TraceEvent {
  name: string;
  ph: string;
  tid: number;
  pid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs: what a loaded machine inflates least. */
  tdur?: number;
  args?: { name?: string };
}

/**
 * Where the page's main thread spends its time, from a Chromium trace: the total (inclusive)
 * duration of each kind of event on the renderer's main thread, biggest first, with its CPU
 * (thread) time and how many there were a second (frames: Commit, FireAnimationFrame).
 */
function mainThreadEvents(trace: Buffer, wallSeconds: number, count = 20): string[] {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain');
  if (!main) return ['(no renderer main thread in the trace)'];
  const total = new Map<string, { us: number; cpu: number; n: number }>();
  for (const event of events) {
    if (event.pid !== main.pid || event.tid !== main.tid || event.ph !== 'X' || !event.dur)
      continue;
    const sum = total.get(event.name) ?? { us: 0, cpu: 0, n: 0 };
    sum.us += event.dur;
    sum.cpu += event.tdur ?? 0;
    sum.n += 1;
    total.set(event.name, sum);
  }
  return [...total.entries()]
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, count)
    .map(
      ([name, { us, cpu, n }]) =>
        `${((us / 1e6 / wallSeconds) * 100).toFixed(1).padStart(5)} % of wall  ${(us / 1000).toFixed(0).padStart(6)} ms  CPU ${(cpu / 1000).toFixed(0).padStart(5)} ms  ${(n / wallSeconds).toFixed(1).padStart(6)}/s  ${name}`,
    );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** The functions with the most self time in a CDP CPU profile, as table rows. */
function topSelfTime(
  profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] },
  count = 25,
) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const node = byNode.get(id)!;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    const dt = profile.timeDeltas?.[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
}

/**
 * Polls an expression in the page until it is true. (waitForFunction evaluates its text with eval,
 * which the page's CSP refuses; CDP evaluation is not subject to it.)
 */
async function until(page: Page, expression: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  // Every stock provider listens for process exit; a room of them is no leak.
  process.setMaxListeners(0);
  const people = option('people', 35);
  const movers = option('movers', 12);
  const editors = option('editors', 3);
  const resting = option('resting', 0);
  const seconds = option('seconds', 20);
  const warmup = option('warmup', 5);
  const profile = process.argv.includes('--profile');
  const trace = process.argv.includes('--trace');
  if (!existsSync(join(root, 'client/dist/index.html'))) {
    throw new Error('client/dist is missing: run `pnpm build` first');
  }
  const loadBefore = loadavg();
  const clientDir = process.argv.find((arg) => arg.startsWith('--client-dir='))?.split('=')[1];
  const server = await startServer('room', clientDir ? { CLIENT_DIR: resolve(clientDir) } : {});
  const stock: StockPerson[] = [];
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const board = await createBoard(
      server.url,
      {
        title: 'PI planning',
        template: 'program-board',
        teams: TEAMS.map((name, i) => ({ name, color: TEAM_COLORS[i] })),
      },
      'editor',
    );
    const seeder = new StockPerson(server.url, board.id, board.token, 'Seeder', null, 0);
    await seeder.synced();
    const teamIds = [...seeder.doc.getMap('teams').keys()];

    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(
      `localStorage.setItem('weboard.displayName', 'Observer');
       localStorage.setItem('weboard.team.${board.id}', ${JSON.stringify(teamIds[0] ?? '')});`,
    );
    const countDraws = process.argv.includes('--count-draws');
    if (countDraws) {
      // How often each canvas is drawn to: every drawn canvas is copied again at the next commit.
      await context.addInitScript(`(() => {
        const proto = CanvasRenderingContext2D.prototype;
        const raf = window.requestAnimationFrame.bind(window);
        window.__raf = { calls: 0, ms: 0, stacks: {} };
        window.requestAnimationFrame = (callback) => {
          const t = performance.now();
          const id = raf(callback);
          window.__raf.ms += performance.now() - t;
          window.__raf.calls += 1;
          const at = (new Error().stack ?? '').split('\\n')[2]?.trim() ?? '';
          window.__raf.stacks[at] = (window.__raf.stacks[at] ?? 0) + 1;
          return id;
        };
        const Native = window.WebSocket;
        window.__ws = { sync: 0, awareness: 0, other: 0, bytes: 0 };
        window.WebSocket = class extends Native {
          constructor(...args) {
            super(...args);
            this.addEventListener('message', (event) => {
              const data = event.data;
              const kind = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : -1;
              window.__ws.bytes += data.byteLength ?? 0;
              if (kind === 0) window.__ws.sync += 1;
              else if (kind === 1) window.__ws.awareness += 1;
              else window.__ws.other += 1;
            });
          }
        };
        for (const name of ['clearRect', 'fillRect', 'drawImage', 'fill', 'stroke', 'fillText', 'putImageData']) {
          const original = proto[name];
          proto[name] = function (...args) {
            const canvas = this.canvas;
            canvas.__draws ??= {};
            canvas.__draws[name] = (canvas.__draws[name] ?? 0) + 1;
            return original.apply(this, args);
          };
        }
      })();`);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(board.link);
    await until(page, `window.weboard?.status() === 'live'`);
    // The board area the page shows: cursors and cards go there, so all of them are drawn.
    const view = (await page.evaluate(`(() => {
      const v = window.weboard.viewport();
      const canvas = document.querySelector('[data-testid="board-canvas"]').getBoundingClientRect();
      return { x: -v.x / v.scale, y: -v.y / v.scale, w: canvas.width / v.scale, h: canvas.height / v.scale };
    })()`)) as Box;
    const cards = addCards(
      seeder.doc,
      { x: view.x + view.w * 0.1, y: view.y + view.h * 0.15, w: view.w * 0.6, h: view.h * 0.7 },
      40,
    );
    seeder.destroy();

    for (let i = 0; i < people - 1; i++) {
      const team = teamIds.length ? teamIds[i % teamIds.length]! : null;
      stock.push(
        new StockPerson(server.url, board.id, board.token, `Person ${i + 1}`, team, i + 1),
      );
    }
    await Promise.all(stock.map((person) => person.synced()));
    stock.forEach((person, i) => person.select([cards[i % cards.length]!]));
    await until(page, `window.weboard.presence().length >= ${people - 1}`);
    stock.slice(0, movers).forEach((person, i) => person.move(view, i + 1));
    stock.slice(movers, movers + editors).forEach((person, i) => person.edit(cards, i * 7));
    stock
      .slice(movers + editors, movers + editors + resting)
      .forEach((person, i) => person.rest(view, i + 1));

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await new Promise((r) => setTimeout(r, warmup * 1000));
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
      await cdp.send('Profiler.start');
    }
    if (trace) {
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'toplevel',
          ...(process.argv
            .find((arg) => arg.startsWith('--trace-categories='))
            ?.split('=')[1]
            ?.split(',') ?? []),
        ],
      });
    }
    if (countDraws) {
      await page.evaluate(
        `document.querySelectorAll('canvas').forEach((c) => { c.__draws = {}; });
         window.__raf = { calls: 0, ms: 0, stacks: {} };
         window.__ws = { sync: 0, awareness: 0, other: 0, bytes: 0 };`,
      );
    }
    const load0 = loadavg();
    const before = await metrics(cdp);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = await metrics(cdp);
    const wall = (performance.now() - started) / 1000;
    const load1 = loadavg();
    const share = (key: keyof Metrics) => ((after[key] - before[key]) / wall) * 100;
    const result = {
      people,
      movers,
      editors,
      resting,
      seconds: Math.round(wall * 10) / 10,
      busyPercent: Math.round(share('TaskDuration') * 10) / 10,
      mainThreadCpuPercent: Math.round(share('ThreadTime') * 10) / 10,
      rendererCpuPercent: Math.round(share('ProcessTime') * 10) / 10,
      scriptPercent: Math.round(share('ScriptDuration') * 10) / 10,
      stylePercent: Math.round(share('RecalcStyleDuration') * 10) / 10,
      layoutPercent: Math.round(share('LayoutDuration') * 10) / 10,
      pageCloses: (await page.evaluate(
        `(window.weboard.closes?.() ?? []).map((c) => c.code)`,
      )) as number[],
      stockCloses: stock.flatMap((person) => person.closes),
      present: (await page.evaluate(`window.weboard.presence().length + 1`)) as number,
      loadBefore: loadBefore.map((l) => l.toFixed(2)).join(' '),
      loadDuring: `${load0[0]!.toFixed(2)} → ${load1[0]!.toFixed(2)}`,
      cpu: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB`,
      chromium: browser.version(),
      date: new Date().toISOString(),
    };
    if (trace) {
      const traceData = await browser.stopTracing();
      const traceFile = join(
        root,
        `bench/results/room-trace-${result.date.replace(/[:.]/g, '-')}.json`,
      );
      mkdirSync(dirname(traceFile), { recursive: true });
      writeFileSync(traceFile, traceData);
      console.log(`\ntrace: ${traceFile}`);
      console.log('\nrenderer main thread (inclusive time per event):');
      for (const line of mainThreadEvents(traceData, wall)) console.log(line);
    }
    if (countDraws) {
      const draws = await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => ({
        where: (c.parentElement?.className || c.parentElement?.tagName || '') + ' > ' + (c.className || 'canvas'),
        size: c.width + 'x' + c.height,
        shown: getComputedStyle(c).display !== 'none',
        draws: c.__draws ?? {},
      }))`);
      console.log('\ncanvas draw calls in the window:');
      console.log(JSON.stringify(draws, null, 1));
      console.log('websocket messages in:', JSON.stringify(await page.evaluate('window.__ws')));
      console.log(
        'requestAnimationFrame calls:',
        JSON.stringify(await page.evaluate('window.__raf'), null, 1),
      );
    }
    const shot = process.argv.find((arg) => arg.startsWith('--shot='))?.split('=')[1];
    if (shot) await page.screenshot({ path: resolve(shot) });
    if (process.argv.includes('--layers')) {
      await cdp.send('LayerTree.enable');
      const layers = await new Promise<unknown[]>((done) => {
        cdp.once('LayerTree.layerTreeDidChange', (e) => done(e.layers ?? []));
      });
      console.log(`\ncomposited layers: ${layers.length}`);
      for (const l of layers as {
        layerId: string;
        width: number;
        height: number;
        drawsContent: boolean;
        backendNodeId?: number;
        paintCount?: number;
      }[])
        console.log(
          `  ${l.layerId} ${l.width}x${l.height} draws=${l.drawsContent} node=${l.backendNodeId ?? '-'} paints=${l.paintCount ?? 0}`,
        );
      await cdp.send('LayerTree.disable');
    }
    if (profile) {
      const { profile: cpuProfile } = await cdp.send('Profiler.stop');
      const profileFile = join(
        root,
        `bench/results/room-${result.date.replace(/[:.]/g, '-')}.cpuprofile`,
      );
      mkdirSync(dirname(profileFile), { recursive: true });
      writeFileSync(profileFile, JSON.stringify(cpuProfile));
      console.log(`\nCPU profile: ${profileFile}`);
      console.log('\nmain-thread self time (top functions):');
      for (const line of topSelfTime(cpuProfile)) console.log(line);
    }
    console.log(`\n${JSON.stringify(result, null, 2)}`);
    console.log(
      `\nbusy ${result.busyPercent} % of wall time, main-thread CPU ${result.mainThreadCpuPercent} % (script ${result.scriptPercent} %, style ${result.stylePercent} %, layout ${result.layoutPercent} %), ${result.present} present, closes: page ${result.pageCloses.length}, stock ${result.stockCloses.length}; load average ${result.loadDuring} (1 min)`,
    );
    const resultsDir = join(root, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, `room-${result.date.replace(/[:.]/g, '-')}.json`),
      JSON.stringify(result, null, 2),
    );
    await context.close();
  } finally {
    stock.forEach((person) => person.destroy());
    await browser?.close();
    server.child.kill('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

runMain(main);
