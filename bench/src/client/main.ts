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
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { noteGrid, noteNearCentre, notesInView, VIEWPORT, wholeBoardCamera } from './grid';
import type { Camera } from './grid';
import { workingCamera } from './grid';
import { probe, weboardApi } from './page-scripts';
import { preparePeers, servePeers } from './peers';
import { seedBoard } from './seed';
import { gestureResult, medianOf } from './stats';
import type { GestureResult } from './stats';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** One input event per display frame, as a trackpad or a mouse sends them. */
const FRAME_MS = 1000 / 60;
/** A gesture stops sending input after this long (a frozen page takes one event a second). */
const GESTURE_MAX_MS = 15_000;
const REMOTE_MOVES = 20;
const REMOTE_GAP_MS = 100;

const APPS = ['WeBoard', 'tldraw', 'Excalidraw', 'WeBoard naive'] as const;
type AppName = (typeof APPS)[number];
const PEERS: readonly AppName[] = ['tldraw', 'Excalidraw'];
type View = 'working' | 'whole';
type Gesture = 'pan' | 'zoom' | 'drag';
const VIEWS: readonly View[] = ['working', 'whole'];
const GESTURES: readonly Gesture[] = ['pan', 'zoom', 'drag'];

interface Measurement {
  app: AppName;
  notes: number;
  run: number;
  /** os.loadavg() just before and after this measurement. */
  loadBefore: number[];
  loadAfter: number[];
  firstFrameMs: number | null;
  heapMB: number | null;
  /** Notes in the window at each view, and the zoom of the whole-board view. */
  inView: Record<View, number> | null;
  wholeZoom: number | null;
  gestures: Record<View, Partial<Record<Gesture, GestureResult>>>;
  remoteMs: number | null;
  remoteScriptMs: number | null;
  /** Why a number is missing. */
  note?: string;
}

/** One open app, as the measurement drives it. */
interface Session {
  page: Page;
  cdp: CDPSession;
  setCamera(camera: Camera): Promise<void>;
  /** One remote change of note `id` to (x, y), the way the app receives a collaborator's. */
  remoteMove(id: string, x: number, y: number): Promise<void>;
  /** Puts a note back where the grid has it (WeBoard's board outlives the page). */
  restore(ids: string[]): void;
}

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
}
const flag = (name: string) => process.argv.includes(`--${name}`);
/** Screenshots of every app at each view, to look at (in .artifacts/bench/). */
const shots = flag('shots');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probeServer = createServer();
    probeServer.once('error', fail);
    probeServer.listen(0, '127.0.0.1', () => {
      const address = probeServer.address();
      probeServer.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(),
      );
    });
  });
}

/** The real server serving the built client, as e2e/fixtures/server.ts starts it. */
async function startServer(): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'weboard-bench-client-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'server'),
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Seeding writes a 100k-note board in one update; the default limits protect a shared server.
      MAX_MESSAGE_BYTES: String(512 * 1024 ** 2),
      MAX_BOARD_BYTES: String(1024 ** 3),
      MAX_BYTES_PER_SECOND: String(1024 ** 3),
      MAX_MESSAGES_PER_SECOND: '1000000',
      REST_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('server exited early');
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, dataDir };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function createBoard(url: string, title: string) {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status}`);
  const board = (await res.json()) as { id: string; links: { facilitator: string } };
  const token = new URL(board.links.facilitator).searchParams.get('token')!;
  return { id: board.id, token, link: `${url}/b/${board.id}?token=${encodeURIComponent(token)}` };
}

async function metrics(cdp: CDPSession) {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => all.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

/** Places notes (x, y) through the Node client, in one transaction. */
function moveItems(doc: Y.Doc, moves: Iterable<readonly [string, { x: number; y: number }]>) {
  const items = doc.getMap<Y.Map<unknown>>('items');
  doc.transact(() => {
    for (const [id, { x, y }] of moves) {
      items.get(id)?.set('x', x);
      items.get(id)?.set('y', y);
    }
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nextFrames = (page: Page) =>
  page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

/** Rejects after `ms` (an app that never finishes must not hang the run). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`${what}: no result within ${Math.round(ms / 1000)} s`)),
      Math.max(0, ms),
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A real wheel event from the browser's input pipeline (ctrl held: a pinch). */
function wheel(
  cdp: CDPSession,
  x: number,
  y: number,
  deltaX: number,
  deltaY: number,
  ctrl = false,
) {
  return cdp.send('Input.dispatchMouseEvent', {
    type: 'mouseWheel',
    x,
    y,
    deltaX,
    deltaY,
    modifiers: ctrl ? 2 : 0,
  });
}

/**
 * Sends `count` input events one display frame apart (the browser acknowledges each, so a busy
 * page takes them more slowly, as it would a person's) and returns how many it took.
 */
async function paced(count: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await send(i);
    if (performance.now() - start > GESTURE_MAX_MS) return i + 1;
    const wait = start + (i + 1) * FRAME_MS - performance.now();
    if (wait > 0) await sleep(wait);
  }
  return count;
}

type Canvas = { left: number; top: number; width: number; height: number };
const readCanvas = (page: Page) => page.evaluate('window.peer.canvas()') as Promise<Canvas>;
const readCamera = (page: Page) => page.evaluate('window.peer.camera()') as Promise<Camera>;
const readPosition = (page: Page, id: string) =>
  page.evaluate(`window.peer.position(${JSON.stringify(id)})`) as Promise<{
    x: number;
    y: number;
  } | null>;

/**
 * WeBoard's camera set with real wheel input (its test API is read-only): pinches at the middle
 * of the canvas until the zoom is right, then trackpad pans (its wheel handler: pan by −delta,
 * pinch by e^(−0.01·deltaY), at most 50 a step).
 */
async function wheelToCamera(page: Page, cdp: CDPSession, target: Camera) {
  for (let i = 0; i < 80; i++) {
    const [camera, canvas] = (await page.evaluate(
      '[window.peer.camera(), window.peer.canvas()]',
    )) as [Camera, Canvas];
    const cx = canvas.left + canvas.width / 2;
    const cy = canvas.top + canvas.height / 2;
    if (Math.abs(Math.log(target.z / camera.z)) > 0.001) {
      const step = Math.max(-50, Math.min(50, -Math.log(target.z / camera.z) / 0.01));
      await wheel(cdp, cx, cy, 0, step, true);
      continue;
    }
    const dx = (camera.x - target.x) * camera.z;
    const dy = (camera.y - target.y) * camera.z;
    if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) return;
    // A horizontal component keeps it a pan (a lone whole vertical step ≥ 50 reads as a mouse wheel zoom).
    await wheel(cdp, cx, cy, -dx || 0.01, -dy);
  }
  throw new Error(`could not wheel WeBoard's camera to ${JSON.stringify(target)}`);
}

interface Target {
  app: AppName;
  url: (notes: number) => string;
  writer?: Y.Doc;
}

async function openSession(browser: Browser, target: Target, notes: number) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(probe);
  if (target.writer) {
    await context.addInitScript(
      `localStorage.setItem('weboard.displayName', 'Bench'); window.__count = ${notes};`,
    );
    await context.addInitScript(weboardApi);
  }
  const page = await context.newPage();
  page.on('pageerror', (error) =>
    console.error(`[${target.app} ${notes}] page error:`, error.message),
  );
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const writer = target.writer;
  const session: Session = {
    page,
    cdp,
    setCamera: writer
      ? (camera) => wheelToCamera(page, cdp, camera)
      : async (camera) => {
          await page.evaluate(`window.peer.setCamera(${JSON.stringify(camera)})`);
        },
    remoteMove: writer
      ? async (id, x, y) => {
          moveItems(writer, [[id, { x, y }]]);
          // The same evaluation as the peers' move costs, so that both sides carry it.
          await page.evaluate('0');
        }
      : async (id, x, y) => {
          await page.evaluate(`window.peer.remoteMove(${JSON.stringify(id)}, ${x}, ${y})`);
        },
    restore(ids) {
      if (!writer) return;
      const grid = new Map(noteGrid(notes).map((n) => [n.id, n]));
      moveItems(
        writer,
        ids.flatMap((id) => {
          const note = grid.get(id);
          return note ? [[id, { x: note.x, y: note.y }] as const] : [];
        }),
      );
    },
  };
  return { context, session };
}

async function measureGesture(
  session: Session,
  gesture: Gesture,
  view: View,
  notes: number,
  camera: Camera,
): Promise<GestureResult> {
  const { page, cdp } = session;
  const canvas = await readCanvas(page);
  const cx = canvas.left + canvas.width / 2;
  const cy = canvas.top + canvas.height / 2;
  let note: string | undefined;
  let sent: number;
  const before = await metrics(cdp);
  await page.evaluate('window.__probe.start()');
  if (gesture === 'pan') {
    // A two-finger trackpad pan: right and down for a second, then back.
    sent = await paced(120, (i) => {
      const sign = i < 60 ? 1 : -1;
      return wheel(cdp, cx, cy, 12.5 * sign, 7.5 * sign);
    });
  } else if (gesture === 'zoom') {
    // A pinch: away from the other view and back (working: out first; whole board: in first).
    const first = view === 'working' ? 4 : -4;
    sent = await paced(60, (i) => wheel(cdp, cx, cy, 0, i < 30 ? first : -first, true));
  } else {
    // Press on the note nearest the middle, drag it 240 × 150 px in 60 moves, release.
    const target = noteNearCentre(notes, camera, canvas);
    const from = await readPosition(page, target.id);
    const x0 = canvas.left + target.screenX;
    const y0 = canvas.top + target.screenY;
    const mouse = (type: string, x: number, y: number, buttons: number) =>
      cdp.send('Input.dispatchMouseEvent', {
        type: type as 'mouseMoved',
        x,
        y,
        button: type === 'mouseMoved' && buttons === 0 ? 'none' : 'left',
        buttons,
        clickCount: type === 'mouseMoved' ? 0 : 1,
      });
    await mouse('mouseMoved', x0, y0, 0);
    await mouse('mousePressed', x0, y0, 1);
    sent = await paced(60, (i) => mouse('mouseMoved', x0 + 4 * (i + 1), y0 + 2.5 * (i + 1), 1));
    await mouse('mouseReleased', x0 + 240, y0 + 150, 0);
    sent += 2;
    const to = await readPosition(page, target.id);
    if (!from || !to || Math.hypot(to.x - from.x, to.y - from.y) < 1) {
      note = `the drag did not move note ${target.id}`;
    }
    session.restore([target.id]);
  }
  const { frames, longTasks, longTaskMs } = (await page.evaluate('window.__probe.stop()')) as {
    frames: number[];
    longTasks: number;
    longTaskMs: number;
  };
  const after = await metrics(cdp);
  const result = gestureResult(frames, longTasks, longTaskMs, sent);
  // Main-thread time per frame: what the gesture costs the page, less sensitive to a busy machine
  // than frame times are.
  const perFrame = (ms: number) => Math.round((ms * 1000 * 10) / Math.max(1, frames.length)) / 10;
  result.taskMsPerFrame = perFrame(after.task - before.task);
  result.scriptMsPerFrame = perFrame(after.script - before.script);
  if (note) result.note = note;
  if (gesture === 'drag') {
    // Escape drops the selection, so the next gesture starts from the same state in every app.
    for (const type of ['keyDown', 'keyUp'] as const) {
      await cdp.send('Input.dispatchKeyEvent', {
        type,
        key: 'Escape',
        code: 'Escape',
        windowsVirtualKeyCode: 27,
      });
    }
    await page.evaluate('window.peer.deselect?.()');
  }
  return result;
}

/**
 * Main-thread time of one remote change of the note nearest the middle of the view: Chromium's
 * task time (CDP TaskDuration) over 20 changes 100 ms apart, minus the same span with an empty
 * evaluation in place of each change, per change.
 */
async function measureRemoteMove(session: Session, notes: number, camera: Camera) {
  const { page, cdp } = session;
  const canvas = await readCanvas(page);
  const note = noteNearCentre(notes, camera, canvas);
  const idle0 = await metrics(cdp);
  for (let i = 0; i < REMOTE_MOVES; i++) {
    await page.evaluate('0');
    await sleep(REMOTE_GAP_MS);
  }
  const idle1 = await metrics(cdp);
  for (let i = 0; i < REMOTE_MOVES; i++) {
    await session.remoteMove(note.id, note.x + 2 * (i + 1), note.y);
    await sleep(REMOTE_GAP_MS);
  }
  const busy = await metrics(cdp);
  const moved = await readPosition(page, note.id);
  session.restore([note.id]);
  if (!moved || moved.x !== note.x + 2 * REMOTE_MOVES) {
    throw new Error(`remote move: note ${note.id} is at ${JSON.stringify(moved)}`);
  }
  const perMove = (key: 'task' | 'script') => {
    const cost = (busy[key] - idle1[key] - (idle1[key] - idle0[key])) / REMOTE_MOVES;
    return Math.max(0, Math.round(cost * 1000 * 100) / 100);
  };
  return { task: perMove('task'), script: perMove('script') };
}

async function measure(
  browser: Browser,
  target: Target,
  notes: number,
  run: number,
  timeoutMs: number,
): Promise<Measurement> {
  const m: Measurement = {
    app: target.app,
    notes,
    run,
    loadBefore: loadavg(),
    loadAfter: [],
    firstFrameMs: null,
    heapMB: null,
    inView: null,
    wholeZoom: null,
    gestures: { working: {}, whole: {} },
    remoteMs: null,
    remoteScriptMs: null,
  };
  const deadline = Date.now() + timeoutMs;
  const left = () => deadline - Date.now();
  const { context, session } = await openSession(browser, target, notes);
  const { page, cdp } = session;
  try {
    const steps = async () => {
      await page.goto(target.url(notes), { waitUntil: 'commit', timeout: left() });
      // Polled through the DevTools protocol: WeBoard's CSP forbids the eval a string
      // waitForFunction predicate needs.
      while (!(await page.evaluate('!!window.peer'))) await sleep(50);
      m.firstFrameMs = Math.round((await page.evaluate('window.peer.firstFrame')) as number);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      m.heapMB = Math.round(heap.usedSize / 1024 ** 2);

      const canvas = await readCanvas(page);
      const cameras: Record<View, Camera> = {
        working: workingCamera(),
        whole: wholeBoardCamera(notes, canvas),
      };
      m.wholeZoom = Math.round(cameras.whole.z * 1000) / 1000;
      m.inView = {
        working: notesInView(notes, cameras.working, canvas),
        whole: notesInView(notes, cameras.whole, canvas),
      };
      for (const view of VIEWS) {
        for (const gesture of GESTURES) {
          await session.setCamera(cameras[view]);
          const at = await readCamera(page);
          if (Math.abs(at.z - cameras[view].z) > 0.01 || Math.abs(at.x - cameras[view].x) > 2) {
            throw new Error(`${view} view: camera is ${JSON.stringify(at)}`);
          }
          await sleep(300);
          await nextFrames(page);
          if (shots && gesture === 'pan') {
            mkdirSync(join(root, '.artifacts/bench'), { recursive: true });
            const name = `${target.app.replace(' ', '-')}-${notes}-${view}.png`;
            await page.screenshot({ path: join(root, '.artifacts/bench', name) });
          }
          m.gestures[view][gesture] = await measureGesture(
            session,
            gesture,
            view,
            notes,
            cameras[view],
          );
        }
        if (view === 'working') {
          await session.setCamera(cameras.working);
          await sleep(300);
          const remote = await measureRemoteMove(session, notes, cameras.working);
          m.remoteMs = remote.task;
          m.remoteScriptMs = remote.script;
        }
      }
    };
    const work = steps();
    // After a timeout the steps still fail against the closed page: nothing to report then.
    work.catch(() => undefined);
    await withTimeout(work, left(), `${target.app} at ${notes.toLocaleString('en')} notes`);
  } catch (error) {
    m.note = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await context.close().catch(() => undefined);
    m.loadAfter = loadavg();
  }
  return m;
}

// ── report ──────────────────────────────────────────────────────────────────

interface Summary {
  app: AppName;
  notes: number;
  runs: number;
  firstFrameMs: number | null;
  heapMB: number | null;
  gestures: Record<View, Partial<Record<Gesture, GestureResult>>>;
  remoteMs: number | null;
  remoteScriptMs: number | null;
  problems: string[];
}

/** Medians over the runs, number by number. */
function summarise(rows: readonly Measurement[], app: AppName, notes: number): Summary {
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

interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  chromium: string;
  node: string;
  loadBefore: string;
  loadAfter: string;
  date: string;
}

interface Results {
  machine: Machine;
  sizes: number[];
  runs: number;
  apps: AppName[];
  rows: Measurement[];
}

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
          const m = await measure(browser, target, notes, run, timeoutFor(notes));
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

/** The tables of a run: printed, and written into BENCHMARKS.md unless --no-md. */
function report({ machine, sizes, runs, apps, rows }: Results) {
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
  if (!flag('no-md')) {
    writeBenchmarksMd(
      ['## Client rendering', '', header + warning, '', tables, '', METHOD].join('\n'),
    );
    console.log('updated BENCHMARKS.md (section "Client rendering")');
  }
}

async function main() {
  // --report=<results JSON>: the tables of an earlier run again, without measuring.
  const earlier = option('report');
  report(earlier ? (JSON.parse(readFileSync(earlier, 'utf8')) as Results) : await measureAll());
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
