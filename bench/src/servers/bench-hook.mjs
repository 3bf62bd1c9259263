// Preloaded into every benchmarked server (node --expose-gc --import …) — the same for all three,
// and it changes nothing about how they serve. It answers the load generator over the IPC channel:
//   'gc'        → run a full garbage collection (before RSS readings, so the RSS-per-board test
//                 measures what the boards retain, not garbage left over from loading them);
//   'lag-reset' → start a new event-loop-delay window;
//   'lag'       → reply with the server's event-loop delay (p50/p99/max, ms) since the reset.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 5;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
const lag = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

if (typeof process.send === 'function') {
  process.channel?.unref();
  process.on('message', (message) => {
    if (!message || typeof message !== 'object' || typeof message.bench !== 'string') return;
    const { bench, id } = message;
    if (bench === 'gc' && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    } else if (bench === 'lag-reset') {
      histogram.reset();
    }
    const reply = { benchReply: id };
    if (bench === 'lag') {
      reply.lag = {
        p50: lag(histogram.percentile(50)),
        p99: lag(histogram.percentile(99)),
        max: lag(histogram.max),
      };
    }
    process.send(reply);
  });
}
