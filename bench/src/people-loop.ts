/*
 * bench:people's open-loop senders: each runs at a fixed rate from a random phase, and a sender
 * more than one period behind skips the missed steps rather than bursting (a burst would measure
 * the generator, not the server).
 */
export class OpenLoops {
  private running = true;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Steps skipped because a sender fell more than one period behind. */
  skipped = 0;

  /** Calls `fn` every `periodMs` with an increasing step until `stop()`. */
  every(periodMs: number, fn: (step: number) => void): void {
    let next = performance.now() + Math.random() * periodMs;
    let step = 0;
    const tick = () => {
      this.timers.delete(timer);
      if (!this.running) return;
      const now = performance.now();
      if (now - next > periodMs) {
        const missed = Math.floor((now - next) / periodMs);
        this.skipped += missed;
        next += missed * periodMs;
        step += missed;
      }
      fn(++step);
      next += periodMs;
      timer = setTimeout(tick, Math.max(0, next - performance.now()));
      this.timers.add(timer);
    };
    let timer = setTimeout(tick, Math.max(0, next - performance.now()));
    this.timers.add(timer);
  }

  /** Calls `fn` every `periodMs` (no phase, no skipping) until `stop()`. */
  interval(periodMs: number, fn: () => void): void {
    const timer = setInterval(fn, periodMs);
    this.timers.add(timer as unknown as NodeJS.Timeout);
  }

  /** Stops every sender; nothing runs after this returns. */
  stop(): void {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
