import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Clock ticks per second used by /proc/<pid>/stat (almost always 100 on Linux). */
export const CLK_TCK: number = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** user + system CPU time of a process, in seconds, from /proc/<pid>/stat; null if it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; everything after the last ')' is fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Resident set size of a process in bytes, from /proc/<pid>/status; null if it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's CPU over an interval: call stop() to get the average CPU % of one core. */
export function cpuMeter(pid: number): { stop(): number | null } {
  const startCpu = cpuSeconds(pid);
  const startWall = performance.now();
  return {
    stop() {
      const endCpu = cpuSeconds(pid);
      const wall = (performance.now() - startWall) / 1000;
      if (startCpu === null || endCpu === null || wall <= 0) return null;
      return ((endCpu - startCpu) / wall) * 100;
    },
  };
}

/** Tracks the peak RSS of a process by sampling it periodically until stopped. */
export function rssSampler(pid: number, everyMs = 250): { peak(): number | null; stop(): void } {
  let peak: number | null = rssBytes(pid);
  const timer = setInterval(() => {
    const rss = rssBytes(pid);
    if (rss !== null && (peak === null || rss > peak)) peak = rss;
  }, everyMs);
  timer.unref();
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  };
}

export const hasTaskset: boolean = ['/usr/bin/taskset', '/bin/taskset'].some((p) => existsSync(p));

/** Pins a running process (all its threads) to the given CPU list; false if that failed. */
export function pinProcess(pid: number, cpus: string): boolean {
  if (!hasTaskset) return false;
  try {
    execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Online cores of the machine (not this process's affinity, which pinning narrows). */
export const machineCores: number = (() => {
  try {
    const count = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((line) => /^cpu\d+\s/.test(line)).length;
    return count > 0 ? count : cpus().length;
  } catch {
    return cpus().length;
  }
})();

/** Busy and total jiffies of all cores together, from /proc/stat. */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const parts = line.trim().split(/\s+/).slice(1).map(Number);
    const total = parts.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (parts[3] ?? 0) + (parts[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * CPU used by the whole machine over an interval, in % of one core (200 % = both cores of a
 * 2-core machine busy). Subtracting the server's and the generator's share shows how much other
 * work (other people's builds and tests) competed with the benchmark.
 */
export function machineMeter(cores = machineCores): { stop(): number | null } {
  const start = machineJiffies();
  return {
    stop() {
      const end = machineJiffies();
      if (!start || !end || end.total <= start.total) return null;
      return ((end.busy - start.busy) / (end.total - start.total)) * cores * 100;
    },
  };
}

const MB = 1024 * 1024;
const ELD_RESOLUTION_MS = 5;
/** This (the generator's) event loop; one histogram per process, reset by each measured window. */
const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
eld.enable();
/** The histogram holds the time between samples; the lag is what exceeds the interval. */
const lagMs = (ns: number): number => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);

/** What one measured window cost the server, the load generator and everything else. */
export interface WindowCost {
  serverCpuPct: number | null;
  serverRssMB: number | null;
  genCpuPct: number;
  genLagMs: { p50: number; p99: number; max: number };
  /** CPU used by other processes during the window, so a noisy result can be flagged. */
  otherCpuPct: number | null;
}

/** Starts measuring a window against the server process `serverPid`; `stop` reads it. */
export function windowMeter(serverPid: number): { stop(windowS: number): WindowCost } {
  const serverCpu = cpuMeter(serverPid);
  const genCpuStart = process.cpuUsage();
  const machine = machineMeter();
  eld.reset();
  return {
    stop(windowS) {
      const serverCpuPct = serverCpu.stop();
      const rssEnd = rssBytes(serverPid);
      const genCpu = process.cpuUsage(genCpuStart);
      const genCpuPct = ((genCpu.user + genCpu.system) / 1e6 / windowS) * 100;
      const machinePct = machine.stop();
      return {
        serverCpuPct,
        serverRssMB: rssEnd === null ? null : rssEnd / MB,
        genCpuPct,
        genLagMs: {
          p50: lagMs(eld.percentile(50)),
          p99: lagMs(eld.percentile(99)),
          max: lagMs(eld.max),
        },
        otherCpuPct:
          machinePct === null || serverCpuPct === null
            ? null
            : Math.max(0, machinePct - serverCpuPct - genCpuPct),
      };
    },
  };
}
