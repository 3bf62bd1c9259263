import { loadavg } from 'node:os';
import type { LatencySummary } from './stats';

/*
 * What one `pnpm bench:people` run measures (see people.ts for the run itself) and the verdicts
 * the report draws from it.
 */

export interface PeopleTiming {
  warmupS: number;
  durationS: number;
  /** After the movers stop: how long everyone's newest state has to reach everyone. */
  settleS: number;
  /** Stickies on the board before people join. */
  items: number;
}

export interface PeopleResult {
  target: string;
  n: number;
  movers: number;
  editors: number;
  /** Cursor updates sent during the measured window. */
  cursorSent: number;
  /** Sender → receiver latency of cursor states, for receivers whose viewport holds the cursor. */
  cursorMs: LatencySummary;
  cursorSamples: number;
  editSent: number;
  editExpected: number;
  editReceived: number;
  editDeliveredPct: number;
  editMs: LatencySummary;
  /** (receiver, person) pairs where the receiver holds the person's newest presence after the settle window. */
  presencePairs: number;
  presenceDelivered: number;
  presenceDeliveredPct: number;
  /** How long after the movers stopped everyone had everyone's newest state (null: not within the settle window). */
  settleMs: number | null;
  /** Unexpected closes during the run, by close code. */
  closes: Record<string, number>;
  serverCpuPct: number | null;
  serverRssMB: number | null;
  serverRssPeakMB: number | null;
  /** Bytes the server sent to all people per second in the window (payload bytes, as received). */
  bytesOutPerS: number;
  bytesOutPerPersonPerS: number;
  /** Bytes all people sent to the server per second (their own presence, echoes, edits). */
  bytesInPerS: number;
  framesOutPerS: number;
  genCpuPct: number;
  genLagMs: { p50: number; p99: number; max: number };
  otherCpuPct: number | null;
  /** os.loadavg() at the start and at the end of the measured window. */
  loadBefore: number[];
  loadDuring: number[];
  connectS: number;
  skippedMoves: number;
  error?: string;
}

/** A result before anything was measured. */
export function emptyPeopleResult(target: string, n: number): PeopleResult {
  return {
    target,
    n,
    movers: 0,
    editors: 0,
    cursorSent: 0,
    cursorMs: { p50: null, p95: null, p99: null, max: null, mean: null },
    cursorSamples: 0,
    editSent: 0,
    editExpected: 0,
    editReceived: 0,
    editDeliveredPct: 0,
    editMs: { p50: null, p95: null, p99: null, max: null, mean: null },
    presencePairs: 0,
    presenceDelivered: 0,
    presenceDeliveredPct: 0,
    settleMs: null,
    closes: {},
    serverCpuPct: null,
    serverRssMB: null,
    serverRssPeakMB: null,
    bytesOutPerS: 0,
    bytesOutPerPersonPerS: 0,
    bytesInPerS: 0,
    framesOutPerS: 0,
    genCpuPct: 0,
    genLagMs: { p50: 0, p99: 0, max: 0 },
    otherCpuPct: null,
    loadBefore: loadavg(),
    loadDuring: [],
    connectS: 0,
    skippedMoves: 0,
  };
}

/** Whether this result keeps the room: both p99 ≤ 100 ms, ≥ 99.9 % delivered, nobody closed. */
export function holds(r: PeopleResult): boolean {
  return (
    !r.error &&
    r.cursorMs.p99 !== null &&
    r.cursorMs.p99 <= 100 &&
    r.editMs.p99 !== null &&
    r.editMs.p99 <= 100 &&
    r.presenceDeliveredPct >= 99.9 &&
    r.editDeliveredPct >= 99.9 &&
    Object.keys(r.closes).length === 0
  );
}

/** The generator itself was the bottleneck: its numbers include its own queueing. */
export function generatorSaturated(r: PeopleResult): boolean {
  return r.genCpuPct >= 90 || r.genLagMs.p99 >= 50;
}
