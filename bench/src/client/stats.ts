import { median, quantile } from '../stats';

/** The p-th percentile (nearest rank) of `values`, or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(quantile(sorted, p / 100) * 10) / 10;
}

/** What one gesture did to the page: frame times and long tasks while it ran. */
export interface GestureResult {
  p50: number | null;
  p95: number | null;
  max: number | null;
  frames: number;
  longTasks: number;
  longTaskMs: number;
  /** Input events the browser took during the gesture (a blocked page takes fewer). */
  events: number;
  /** Main-thread task time (CDP TaskDuration) per frame drawn, and its JavaScript part. */
  taskMsPerFrame?: number | null;
  scriptMsPerFrame?: number | null;
  /** Why the gesture is not what it should be (e.g. the drag did not move the note). */
  note?: string;
}

export function gestureResult(
  frames: readonly number[],
  longTasks: number,
  longTaskMs: number,
  events: number,
): GestureResult {
  return {
    p50: percentile(frames, 50),
    p95: percentile(frames, 95),
    max: frames.length ? Math.round(Math.max(...frames) * 10) / 10 : null,
    frames: frames.length,
    longTasks,
    longTaskMs: Math.round(longTaskMs),
    events,
  };
}

/** The median of the values that were measured, or null when none was. */
export function medianOf(values: readonly (number | null | undefined)[]): number | null {
  const measured = values.filter((v): v is number => typeof v === 'number');
  return measured.length ? median(measured) : null;
}
