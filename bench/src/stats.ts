/** A growable store of latency samples (ms) with percentile queries. */
export class Samples {
  private buf = new Float64Array(1 << 16);
  private n = 0;

  get count(): number {
    return this.n;
  }

  push(value: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = value;
  }

  /** The samples in the order they were pushed. */
  values(): number[] {
    return Array.from(this.buf.subarray(0, this.n));
  }

  /** p50/p95/p99/max of the samples, or nulls when there are none. */
  summary(): LatencySummary {
    if (this.n === 0) return { p50: null, p95: null, p99: null, max: null, mean: null };
    const sorted = this.buf.slice(0, this.n).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: sorted[sorted.length - 1]!,
      mean: sum / sorted.length,
    };
  }
}

export interface LatencySummary {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
