/**
 * The board every app in `pnpm bench:client` opens: `count` sticky notes of 200 × 200 in a grid
 * as wide as the window's proportions, 40 apart. Free of imports, because the tldraw and Excalidraw
 * pages (bench/peers/) are built from it too: all three apps hold the same notes.
 */

export const NOTE_SIZE = 200;
export const NOTE_PITCH = 240;
/** The window every app is measured in (CSS pixels). */
export const VIEWPORT = { width: 1280, height: 800 } as const;
/** Zoom of the working view: about 35 notes in a 1280 × 800 window. */
export const WORKING_ZOOM = 0.8;
/** The least zoom of all three apps (10 %): a whole-board view cannot go further out. */
export const MIN_ZOOM = 0.1;

/** A colour in each app's own terms: WeBoard's palette name, tldraw's colour, Excalidraw's fill. */
export const NOTE_COLORS = [
  { weboard: 'yellow', tldraw: 'yellow', fill: '#fde68a' },
  { weboard: 'orange', tldraw: 'orange', fill: '#fdba74' },
  { weboard: 'red', tldraw: 'light-red', fill: '#fca5a5' },
  { weboard: 'violet', tldraw: 'light-violet', fill: '#c4b5fd' },
  { weboard: 'blue', tldraw: 'light-blue', fill: '#93c5fd' },
  { weboard: 'green', tldraw: 'light-green', fill: '#86efac' },
] as const;

export interface GridNote {
  /** `n<index>`; each app derives its own ids from it. */
  id: string;
  x: number;
  y: number;
  color: (typeof NOTE_COLORS)[number];
  text: string;
}

/** A camera in the same terms for every app: board point (x, y) at the canvas's top-left corner. */
export interface Camera {
  x: number;
  y: number;
  z: number;
}

export function gridColumns(count: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((count * VIEWPORT.width) / VIEWPORT.height)));
}

export function noteGrid(count: number): GridNote[] {
  const columns = gridColumns(count);
  const notes: GridNote[] = [];
  for (let i = 0; i < count; i++) {
    notes.push({
      id: `n${i}`,
      x: (i % columns) * NOTE_PITCH,
      y: Math.floor(i / columns) * NOTE_PITCH,
      color: NOTE_COLORS[i % NOTE_COLORS.length]!,
      text: `Note ${i + 1}`,
    });
  }
  return notes;
}

/** The board area the grid covers. */
export function gridBounds(count: number) {
  const columns = gridColumns(count);
  const rows = Math.ceil(count / columns);
  return {
    w: (columns - 1) * NOTE_PITCH + NOTE_SIZE,
    h: (rows - 1) * NOTE_PITCH + NOTE_SIZE,
  };
}

/** The working view: the board's top-left corner at about 35 notes. */
export function workingCamera(): Camera {
  return { x: -20, y: -20, z: WORKING_ZOOM };
}

/**
 * The whole board in view, centred, as every app's zoom to fit does; past 10 % zoom (from
 * about 1,800 notes on) it is the middle of the board at 10 %, the furthest any of the apps goes.
 */
export function wholeBoardCamera(count: number, canvas: { width: number; height: number }) {
  const { w, h } = gridBounds(count);
  const padding = 32;
  const fit = Math.min((canvas.width - 2 * padding) / w, (canvas.height - 2 * padding) / h, 1);
  const z = Math.max(MIN_ZOOM, fit);
  return { x: w / 2 - canvas.width / 2 / z, y: h / 2 - canvas.height / 2 / z, z };
}

/** Notes wholly or partly inside a view of `canvas` through `camera`. */
export function notesInView(
  count: number,
  camera: Camera,
  canvas: { width: number; height: number },
): number {
  const columns = gridColumns(count);
  const rows = Math.ceil(count / columns);
  const span = (from: number, length: number, cells: number) => {
    const first = Math.max(0, Math.floor((from - NOTE_SIZE) / NOTE_PITCH) + 1);
    const last = Math.min(cells - 1, Math.floor((from + length) / NOTE_PITCH));
    return { first, last };
  };
  const c = span(camera.x, canvas.width / camera.z, columns);
  const r = span(camera.y, canvas.height / camera.z, rows);
  let n = 0;
  for (let row = r.first; row <= r.last; row++) {
    for (let col = c.first; col <= c.last; col++) if (row * columns + col < count) n++;
  }
  return n;
}

/** The note whose centre is nearest the middle of the view. */
export function noteNearCentre(
  count: number,
  camera: Camera,
  canvas: { width: number; height: number },
): GridNote & { screenX: number; screenY: number } {
  const columns = gridColumns(count);
  const rows = Math.ceil(count / columns);
  const cx = camera.x + canvas.width / 2 / camera.z;
  const cy = camera.y + canvas.height / 2 / camera.z;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const col = clamp(Math.round((cx - NOTE_SIZE / 2) / NOTE_PITCH), columns - 1);
  let row = clamp(Math.round((cy - NOTE_SIZE / 2) / NOTE_PITCH), rows - 1);
  if (row * columns + col >= count) row--;
  const i = row * columns + col;
  const note = {
    id: `n${i}`,
    x: col * NOTE_PITCH,
    y: row * NOTE_PITCH,
    color: NOTE_COLORS[i % NOTE_COLORS.length]!,
    text: `Note ${i + 1}`,
  };
  return {
    ...note,
    screenX: (note.x + NOTE_SIZE / 2 - camera.x) * camera.z,
    screenY: (note.y + NOTE_SIZE / 2 - camera.y) * camera.z,
  };
}
