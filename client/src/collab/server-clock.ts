import { createStore } from '../lib/store';

/*
 * The server's clock, as this browser measures it. Laptops' clocks are often seconds (sometimes
 * minutes) off; a countdown computed from each one's own clock would read differently on every
 * screen. Every session time (the timer's `startedAt`, a summon's `at`) is written and read on
 * the server's clock instead: `serverNow()` is this browser's clock corrected by the measured
 * offset.
 */

/** Round trips per measurement; the one with the shortest round trip gives the offset. */
const SAMPLES = 5;
/** Clocks drift and a laptop may sleep: the offset is measured again this often. */
const REMEASURE_MS = 5 * 60_000;

/** Server clock minus this browser's clock, in ms (0 until measured). */
export const serverClockOffset = createStore(0);

/** Epoch ms on the server's clock. */
export function serverNow(): number {
  return Date.now() + serverClockOffset.get();
}

/** One NTP-style sample: t0 sent, t1 = t2 the server's `now`, t3 received (local clock). */
export interface ClockSample {
  t0: number;
  server: number;
  t3: number;
}

/**
 * The offset from the sample with the shortest round trip: ((t1 − t0) + (t2 − t3)) / 2, with the
 * server's reading as both t1 and t2. A short round trip bounds the error by half of it.
 */
export function offsetFrom(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null;
  for (const sample of samples)
    if (!best || sample.t3 - sample.t0 < best.t3 - best.t0) best = sample;
  if (!best) return null;
  return (best.server - best.t0 + (best.server - best.t3)) / 2;
}

async function sample(): Promise<ClockSample | null> {
  const t0 = Date.now();
  try {
    const response = await fetch('/api/time', { cache: 'no-store' });
    const t3 = Date.now();
    if (!response.ok) return null;
    const { now } = (await response.json()) as { now?: unknown };
    return typeof now === 'number' && Number.isFinite(now) ? { t0, server: now, t3 } : null;
  } catch {
    // Offline: keep the offset we have.
    return null;
  }
}

/** Measures the offset now (several round trips, one after another); keeps the last one on failure. */
export async function measureServerClock(): Promise<void> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const next = await sample();
    if (next) samples.push(next);
  }
  const offset = offsetFrom(samples);
  if (offset !== null) serverClockOffset.set(Math.round(offset));
}

/** Measures now and every few minutes while a board is open; returns the stop. */
export function keepServerClock(): () => void {
  void measureServerClock();
  const timer = setInterval(() => void measureServerClock(), REMEASURE_MS);
  return () => clearInterval(timer);
}
