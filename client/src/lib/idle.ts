/** Runs `work` once the page is idle (within two seconds at the latest): after the first frame. */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 2_000 });
  else setTimeout(work, 500);
}
