import { performance } from 'node:perf_hooks';

/** How often the event loop's utilisation is sampled. */
const SAMPLE_MS = 100;
/** Above this share of time spent working, a sample counts as busy. */
const BUSY_UTILIZATION = 0.9;
/**
 * Busy samples in a row before the process counts as saturated. One busy sample is a burst (a
 * garbage collection, the storage worker sharing the core, a few joins), not saturation: a server
 * that keeps up must not make every update of that period wait for the saturated pace.
 */
const SUSTAINED_SAMPLES = 3;

/**
 * Whether this process is saturated: its event loop's utilisation over each of the last few sample
 * periods. Rooms
 * use it to batch their broadcasts more when the server is saturated (see Room) and not at all
 * when it is not, so a quiet server adds no latency.
 */
export class LoadMonitor {
  private last = performance.eventLoopUtilization();
  private busySamples = 0;
  private readonly timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, this.last).utilization > BUSY_UTILIZATION;
    this.busySamples = busy ? this.busySamples + 1 : 0;
    this.last = now;
  }, SAMPLE_MS);

  constructor() {
    this.timer.unref();
  }

  get busy(): boolean {
    return this.busySamples >= SUSTAINED_SAMPLES;
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
