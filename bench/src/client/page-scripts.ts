/**
 * Code that runs inside the board page. Kept as source text (not functions) so that the TypeScript
 * loader's helpers never leak into the page.
 */

/** Resolves with performance.now() at the first frame painted with every item loaded and drawn. */
export const waitFirstFrame = `(count) => new Promise((resolve) => {
  const check = () => {
    const api = window.weboard;
    const canvas = document.querySelector('[data-testid="board-canvas"]');
    const ready = api && api.doc.getMap('items').size >= count && canvas &&
      Number(canvas.dataset.visibleItems) > 0;
    if (ready) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    else requestAnimationFrame(check);
  };
  check();
})`;

/**
 * Drives the real wheel handler once per frame (a trackpad pan, or pinch zooms from 1 out to 0.2
 * and back, crossing the level-of-detail switch) and returns the requestAnimationFrame deltas in milliseconds.
 */
export const scriptedGesture = `({ kind, frames }) => new Promise((resolve) => {
  const el = document.querySelector('[data-testid="board-canvas"]');
  const r = el.getBoundingClientRect();
  const deltas = [];
  let last = 0;
  let i = 0;
  const step = (t) => {
    if (last) deltas.push(t - last);
    last = t;
    if (i >= frames) return resolve(deltas);
    const init = kind === 'pan'
      ? { deltaX: 13.5, deltaY: 7.5 }
      : { deltaY: i % 40 < 20 ? 8 : -8, ctrlKey: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
    el.dispatchEvent(new WheelEvent('wheel', { ...init, bubbles: true, cancelable: true }));
    i++;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(() => requestAnimationFrame(step));
})`;

/** Resolves with Date.now() one frame after item `id` has x === `x` in the page's document. */
export const waitMoved = `({ id, x }) => new Promise((resolve) => {
  const items = window.weboard.doc.getMap('items');
  const check = () => {
    const item = items.get(id);
    if (item && item.get('x') === x) requestAnimationFrame(() => resolve(Date.now()));
    else requestAnimationFrame(check);
  };
  check();
})`;

/** The sticky note drawn nearest the middle of the view, with its board position. */
export const noteInView = `(() => {
  const api = window.weboard;
  const items = api.doc.getMap('items');
  const v = api.viewport();
  const canvas = document.querySelector('[data-testid="board-canvas"]').getBoundingClientRect();
  const cx = (canvas.width / 2 - v.x) / v.scale;
  const cy = (canvas.height / 2 - v.y) / v.scale;
  let best = null;
  for (const id of api.drawnItems()) {
    const item = items.get(id);
    if (!item || item.get('type') !== 'sticky') continue;
    const d = Math.hypot(item.get('x') + 100 - cx, item.get('y') + 100 - cy);
    if (!best || d < best.d) best = { id, x: item.get('x'), y: item.get('y'), d };
  }
  return best && { id: best.id, x: best.x, y: best.y };
})()`;
