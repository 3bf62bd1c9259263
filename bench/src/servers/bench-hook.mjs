// Preloaded into every benchmarked server (node --expose-gc --import …) — the same for all three,
// and it changes nothing about how they serve. It answers the load generator over the IPC channel:
//   'gc'        → run a full garbage collection (before RSS readings, so the RSS-per-board test
//                 measures what the boards retain, not garbage left over from loading them);
//   'lag-reset' → start a new event-loop-delay window;
//   'lag'       → reply with the server's event-loop delay (p50/p99/max, ms) since the reset.
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 5;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
const lag = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

// Profiling (BENCH_SERVER_PROF, `--cpu-prof`): the measured window's start and end are written beside
// the profile, in the profile's clock (µs of the monotonic clock), so a profile can be cut to the
// window; and a server with no SIGTERM handler of its own exits on SIGTERM through process.exit, which
// writes its profile (a default SIGTERM death writes none).
const profileDir = process.env.BENCH_SERVER_PROF;
const windowMarks = {};
const markWindow = (name) => {
  if (!profileDir) return;
  windowMarks[name] = Number(process.hrtime.bigint() / 1000n);
  fs.writeFileSync(
    path.join(profileDir, `window-${process.pid}.json`),
    JSON.stringify(windowMarks),
  );
};
if (profileDir) {
  process.on('SIGTERM', () => {
    if (process.listenerCount('SIGTERM') === 1) process.exit(0);
  });
}

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
      markWindow('start');
    }
    const reply = { benchReply: id };
    if (bench === 'lag') {
      markWindow('end');
      reply.lag = {
        p50: lag(histogram.percentile(50)),
        p99: lag(histogram.percentile(99)),
        max: lag(histogram.max),
      };
    }
    process.send(reply);
  });
}
