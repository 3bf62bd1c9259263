import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much nicer than the event loop the engine's threads run (the storage worker: niceness 19). */
export const ENGINE_THREADS_NICER_BY = 10;

/**
 * Lowers the scheduling priority of every thread of this process but the event loop's, called at
 * start-up before the server starts any thread of its own: V8's platform workers (background JIT
 * compilation, concurrent and parallel garbage collection) and Node's own (the inspector's, and
 * the libuv pool that loading the modules started: static files and image hashing run there,
 * behind the fan-out when the core is contended). On a machine with few cores, or a server pinned
 * to one, they share a core with the event loop, and at the same priority a compilation job that
 * just woke takes the core from the fan-out; nicer, they run while the event loop waits for the
 * network, which it does most of the time. A collection the event loop waits for is not held up:
 * a thread blocked on them leaves them the core. The storage worker lowers itself further, to 19
 * (sqlite-worker.mjs). Returns the thread ids lowered (none off Linux, or where not permitted).
 */
export function lowerEngineThreads(): number[] {
  const lowered: number[] = [];
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return lowered; // not Linux
  }
  for (const entry of tids) {
    const tid = Number(entry);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      setPriority(tid, Math.min(19, getPriority(tid) + ENGINE_THREADS_NICER_BY));
      lowered.push(tid);
    } catch {
      // Ended meanwhile, or not permitted: left as it is.
    }
  }
  return lowered;
}
