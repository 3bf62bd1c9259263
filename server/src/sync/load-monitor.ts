import { performance } from 'node:perf_hooks';

/** How often the event loop's utilisation is sampled. */
const SAMPLE_MS = 100;
/** Above this share of time spent working, the process counts as busy. */
const BUSY_UTILIZATION = 0.9;

/**
 * Whether this process is busy: its event loop's utilisation over the last sample period. Rooms
 * use it to batch their broadcasts more when the server is saturated (see Room) and not at all
 * when it is not, so a quiet server adds no latency.
 */
export class LoadMonitor {
  private last = performance.eventLoopUtilization();
  private busyNow = false;
  private readonly timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    this.busyNow = performance.eventLoopUtilization(now, this.last).utilization > BUSY_UTILIZATION;
    this.last = now;
  }, SAMPLE_MS);

  constructor() {
    this.timer.unref();
  }

  get busy(): boolean {
    return this.busyNow;
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
