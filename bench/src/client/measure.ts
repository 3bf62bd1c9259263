import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { noteNearCentre, notesInView, wholeBoardCamera, workingCamera } from './grid';
import type { Camera } from './grid';
import { GESTURES, VIEWS, root } from './model';
import type { Gesture, Measurement, View } from './model';
import {
  metrics,
  nextFrames,
  openSession,
  paced,
  readCamera,
  readCanvas,
  readPosition,
  sleep,
  wheel,
} from './session';
import type { Session, Target } from './session';
import { gestureResult } from './stats';
import type { GestureResult } from './stats';
import type { TraceEvent } from './trace-model';
import { option } from '../chromium';

/* One app at one board size: first frame, heap, each gesture at each view, one remote move. */

const REMOTE_MOVES = 20;
const REMOTE_GAP_MS = 100;
/**
 * Both spans of the remote-move measurement (moves, empty evaluations) end this long after their
 * last step, so work an app puts off past the last move (a deferred redraw) is inside its span.
 */
const REMOTE_SETTLE_MS = 1000;

/**
 * `--trace-remote=<dir>` (diagnostics, issue #18): a Chromium trace from the heap measurement to
 * the end of the remote-move measurement (the gestures marked by name, the remote move's spans
 * `idle-start`, `busy-start`, `busy-end`, in blink.user_timing), with V8's GC events, written as
 * JSON per app, size and run. Off by default: tracing costs the page a little, so numbers
 * measured with it are not comparable.
 */
const REMOTE_TRACE_CATEGORIES = [
  'devtools.timeline',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'blink.user_timing',
];

async function startTrace(browser: Browser) {
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: REMOTE_TRACE_CATEGORIES },
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach();
      return events;
    },
  };
}

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

/**
 * bench:client's drag: press on the note nearest the middle, drag it 240 × 150 px in 60 paced
 * moves, release, then restore its position through a remote update. Returns the events sent and
 * a note if the drag did not move the note.
 */
export async function dragNote(
  session: Session,
  notes: number,
  camera: Camera,
  canvas: Awaited<ReturnType<typeof readCanvas>>,
): Promise<{ sent: number; note?: string }> {
  const { page, cdp } = session;
  let note: string | undefined;
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
  let sent = await paced(60, (i) => mouse('mouseMoved', x0 + 4 * (i + 1), y0 + 2.5 * (i + 1), 1));
  await mouse('mouseReleased', x0 + 240, y0 + 150, 0);
  sent += 2;
  const to = await readPosition(page, target.id);
  if (!from || !to || Math.hypot(to.x - from.x, to.y - from.y) < 1) {
    note = `the drag did not move note ${target.id}`;
  }
  session.restore([target.id]);
  return note ? { sent, note } : { sent };
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
    ({ sent, note } = await dragNote(session, notes, camera, canvas));
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
 * evaluation in place of each change, per change; both spans end REMOTE_SETTLE_MS after their last
 * step.
 */
async function measureRemoteMove(
  session: Session,
  notes: number,
  camera: Camera,
  mark: (name: string) => Promise<unknown> = () => Promise.resolve(),
) {
  const { page, cdp } = session;
  const canvas = await readCanvas(page);
  const note = noteNearCentre(notes, camera, canvas);
  await mark('idle-start');
  const idle0 = await metrics(cdp);
  for (let i = 0; i < REMOTE_MOVES; i++) {
    await page.evaluate('0');
    await sleep(REMOTE_GAP_MS);
  }
  await sleep(REMOTE_SETTLE_MS);
  const idle1 = await metrics(cdp);
  await mark('busy-start');
  for (let i = 0; i < REMOTE_MOVES; i++) {
    await session.remoteMove(note.id, note.x + 2 * (i + 1), note.y);
    await sleep(REMOTE_GAP_MS);
  }
  await sleep(REMOTE_SETTLE_MS);
  const busy = await metrics(cdp);
  await mark('busy-end');
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

/** Measures one app at one size; what failed is in `note`. `shots`: screenshots of each view. */
export async function measure(
  browser: Browser,
  target: Target,
  notes: number,
  run: number,
  timeoutMs: number,
  shots: boolean,
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
      const traceDir = option('trace-remote');
      const tracing = traceDir ? await startTrace(browser) : null;
      const mark = (name: string) =>
        tracing ? page.evaluate(`performance.mark(${JSON.stringify(name)})`) : Promise.resolve();

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
          await mark(`${view}-${gesture}`);
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
          const remote = await measureRemoteMove(session, notes, cameras.working, mark);
          if (tracing && traceDir) {
            mkdirSync(traceDir, { recursive: true });
            const file = `${target.app.replace(' ', '-')}-${notes}-run${run}.json`;
            writeFileSync(join(traceDir, file), JSON.stringify(await tracing.stop()));
          }
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
