/**
 * Code that runs inside the measured pages. Kept as source text (not functions) so that the
 * TypeScript loader's helpers never leak into the page.
 */

/**
 * Installed before any page script (context.addInitScript), the same in all three apps: records
 * long tasks from the start, and samples requestAnimationFrame deltas between start() and stop().
 */
export const probe = `(() => {
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let window0 = 0;
  let deltas = null;
  let last = 0;
  const tick = (t) => {
    if (!deltas) return;
    if (last) deltas.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  window.__probe = {
    start() {
      deltas = [];
      last = 0;
      window0 = performance.now();
      requestAnimationFrame(tick);
    },
    /** Two frames after the last input: the frames it caused, and long tasks since start(). */
    stop() {
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
        const frames = deltas ?? [];
        deltas = null;
        const tasks = longTasks.filter((t) => t.start >= window0);
        resolve({
          frames,
          longTasks: tasks.length,
          longTaskMs: tasks.reduce((sum, t) => sum + t.duration, 0),
        });
      })));
    },
  };
})()`;

/**
 * WeBoard's side of the interface the peer pages expose as window.peer (bench/peers/src/peer-api.ts),
 * read through the test API window.weboard. Its camera is set with real wheel input instead.
 */
export const weboardApi = `(() => {
  if (window.peer) return;
  const canvasEl = () => document.querySelector('[data-testid="board-canvas"]');
  window.peer = {
    firstFrame: new Promise((resolve) => {
      const check = () => {
        const api = window.weboard;
        const canvas = canvasEl();
        const ready = api && api.doc.getMap('items').size >= window.__count && canvas &&
          Number(canvas.dataset.visibleItems) > 0;
        if (ready) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
        else requestAnimationFrame(check);
      };
      check();
    }),
    count: () => (window.weboard ? window.weboard.doc.getMap('items').size : 0),
    camera() {
      const v = window.weboard.viewport();
      return { x: -v.x / v.scale, y: -v.y / v.scale, z: v.scale };
    },
    canvas() {
      const r = canvasEl().getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    },
    position(id) {
      const item = window.weboard.doc.getMap('items').get(id);
      return item ? { x: item.get('x'), y: item.get('y') } : null;
    },
  };
})()`;
