// Preloaded into every benchmarked server (node --expose-gc --import …) — the same for all three,
// and it changes nothing about how they serve. It answers the load generator over the IPC channel:
//   'gc'        → run a full garbage collection (before RSS readings, so the RSS-per-board test
//                 measures what the boards retain, not garbage left over from loading them);
//   'lag-reset' → start a new event-loop-delay window;
//   'lag'       → reply with the server's event-loop delay (p50/p99/max, ms) since the reset, and
//                 the CPU its threads used since then, split as threadCpuMs (Linux only).
import fs from 'node:fs';
import path from 'node:path';
import {
  PerformanceObserver,
  constants as perfConstants,
  monitorEventLoopDelay,
} from 'node:perf_hooks';

const RESOLUTION_MS = 5;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
const lag = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);

// CPU per thread from /proc (Linux), split three ways: the thread running the event loop (its id is
// the process id); the threads that exist before any module of the server loads (this hook runs
// first): V8's platform workers (concurrent JIT compilation, parallel and concurrent GC) and Node's
// own; and every thread started later (worker threads such as WeBoard's storage worker, the libuv
// pool, module loader threads). So a server's CPU can be told apart as its own JavaScript, the
// engine's background work, and work it moved to threads.
const TASKS = '/proc/self/task';
const CLOCK_TICK_MS = 10;
const readTicks = (tid) => {
  const stat = fs.readFileSync(`${TASKS}/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, fields 14 and 15 of stat(5) (11 and 12 after the command name).
  return Number(fields[11]) + Number(fields[12]);
};
let earlyThreads = null;
try {
  earlyThreads = new Set(fs.readdirSync(TASKS));
} catch {
  // No /proc: no split.
}
const threadTicks = () => {
  if (!earlyThreads) return null;
  const ticks = { loop: 0, helpers: 0, other: 0 };
  for (const tid of fs.readdirSync(TASKS)) {
    let t;
    try {
      t = readTicks(tid);
    } catch {
      continue; // ended meanwhile
    }
    if (tid === String(process.pid)) ticks.loop += t;
    else if (earlyThreads.has(tid)) ticks.helpers += t;
    else ticks.other += t;
  }
  return ticks;
};
let ticksAtReset = null;

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

// GC statistics (BENCH_GC_LOG=file): the window's collections by kind (count, pause sum and max,
// ms), one JSON line per window appended to the file, tagged with the server's script and pid.
const gcLog = process.env.BENCH_GC_LOG;
let gcWindow = null;
if (gcLog) {
  const kinds = {
    [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  new PerformanceObserver((list) => {
    if (!gcWindow) return;
    for (const entry of list.getEntries()) {
      const kind = kinds[entry.detail?.kind ?? entry.kind] ?? 'other';
      const k = (gcWindow[kind] ??= { n: 0, ms: 0, max: 0 });
      k.n += 1;
      k.ms += entry.duration;
      k.max = Math.max(k.max, entry.duration);
      // Each collection with its start (epoch ms), to line it up with slow deliveries.
      gcWindow.events?.push([kind, performance.timeOrigin + entry.startTime, entry.duration]);
    }
  }).observe({ entryTypes: ['gc'] });
}
const gcWindowEnd = () => {
  if (!gcLog || !gcWindow) return;
  const mem = process.memoryUsage();
  fs.appendFileSync(
    gcLog,
    JSON.stringify({
      script: process.argv[1],
      pid: process.pid,
      gc: gcWindow,
      heapMB: mem.heapUsed / 2 ** 20,
    }) + '\n',
  );
  gcWindow = null;
};

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
      ticksAtReset = threadTicks();
      markWindow('start');
      if (gcLog) gcWindow = process.env.BENCH_GC_EVENTS ? { events: [] } : {};
    }
    const reply = { benchReply: id };
    if (bench === 'lag') {
      markWindow('end');
      gcWindowEnd();
      reply.lag = {
        p50: lag(histogram.percentile(50)),
        p99: lag(histogram.percentile(99)),
        max: lag(histogram.max),
      };
      const ticks = threadTicks();
      // Threads that ended within the window are missing from the end: a lower bound then.
      if (ticks && ticksAtReset)
        reply.threadCpuMs = {
          loop: (ticks.loop - ticksAtReset.loop) * CLOCK_TICK_MS,
          helpers: Math.max(0, ticks.helpers - ticksAtReset.helpers) * CLOCK_TICK_MS,
          other: Math.max(0, ticks.other - ticksAtReset.other) * CLOCK_TICK_MS,
        };
    }
    process.send(reply);
  });
}
