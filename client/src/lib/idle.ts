/** The latest a job waits for an idle moment. */
const TIMEOUT_MS = 2_000;

/**
 * The idle time a job needs before it starts. The jobs given here (a board's R-tree, the minimap's
 * first read and paint, storing the board, the panels' code) take 10-60 ms at 10,000 notes, and an
 * idle period between two frames is only what is left of the frame: run there, such a job held the
 * frame after a board's first one by its whole length. An idle page has idle periods of 50 ms.
 */
const ENOUGH_IDLE_MS = 10;

/**
 * Runs `work` once the page is idle (within two seconds at the latest): after the first frame, in
 * an idle period long enough to start it rather than in what is left of a frame.
 */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback !== 'function') {
    setTimeout(work, 500);
    return;
  }
  const asked = performance.now();
  const attempt = (deadline: IdleDeadline) => {
    const waited = performance.now() - asked;
    if (deadline.didTimeout || waited >= TIMEOUT_MS || deadline.timeRemaining() >= ENOUGH_IDLE_MS)
      work();
    else requestIdleCallback(attempt, { timeout: Math.max(1, TIMEOUT_MS - waited) });
  };
  requestIdleCallback(attempt, { timeout: TIMEOUT_MS });
}
