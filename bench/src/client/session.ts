import type { Browser, CDPSession, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { noteGrid, VIEWPORT } from './grid';
import type { Camera } from './grid';
import type { AppName } from './model';
import { probe, weboardApi } from './page-scripts';

/*
 * Driving one open app as a person would: real input through the DevTools protocol, paced one
 * display frame apart, and the app's camera, canvas and notes read through `window.peer`.
 */

/** One input event per display frame, as a trackpad or a mouse sends them. */
const FRAME_MS = 1000 / 60;
/** A gesture stops sending input after this long (a frozen page takes one event a second). */
const GESTURE_MAX_MS = 15_000;

/** One open app, as the measurement drives it. */
export interface Session {
  page: Page;
  cdp: CDPSession;
  setCamera(camera: Camera): Promise<void>;
  /** One remote change of note `id` to (x, y), the way the app receives a collaborator's. */
  remoteMove(id: string, x: number, y: number): Promise<void>;
  /** Puts a note back where the grid has it (WeBoard's board outlives the page). */
  restore(ids: string[]): void;
}

export async function metrics(cdp: CDPSession) {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => all.find((m) => m.name === name)?.value ?? 0;
  // ThreadTime: the renderer main thread's CPU time, which a busy machine inflates far less than
  // the task durations (wall time).
  return { task: get('TaskDuration'), script: get('ScriptDuration'), cpu: get('ThreadTime') };
}

/** Places notes (x, y) through the Node client, in one transaction. */
export function moveItems(
  doc: Y.Doc,
  moves: Iterable<readonly [string, { x: number; y: number }]>,
) {
  const items = doc.getMap<Y.Map<unknown>>('items');
  doc.transact(() => {
    for (const [id, { x, y }] of moves) {
      items.get(id)?.set('x', x);
      items.get(id)?.set('y', y);
    }
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const nextFrames = (page: Page) =>
  page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

/** A real wheel event from the browser's input pipeline (ctrl held: a pinch). */
export function wheel(
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
export async function paced(count: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await send(i);
    if (performance.now() - start > GESTURE_MAX_MS) return i + 1;
    const wait = start + (i + 1) * FRAME_MS - performance.now();
    if (wait > 0) await sleep(wait);
  }
  return count;
}

export type Canvas = { left: number; top: number; width: number; height: number };
export const readCanvas = (page: Page) => page.evaluate('window.peer.canvas()') as Promise<Canvas>;
export const readCamera = (page: Page) => page.evaluate('window.peer.camera()') as Promise<Camera>;
export const readPosition = (page: Page, id: string) =>
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

export interface Target {
  app: AppName;
  url: (notes: number) => string;
  writer?: Y.Doc;
}

export async function openSession(browser: Browser, target: Target, notes: number) {
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
