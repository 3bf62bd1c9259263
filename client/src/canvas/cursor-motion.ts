import type { Point } from '../editor/viewport';

/** Shortest glide between two positions, so a burst of updates still moves rather than jumps. */
export const MIN_GLIDE_MS = 16;
/**
 * Longest glide: also the glide after a pause, when the time since the last update says nothing
 * about how fast the next ones will come. About two awareness intervals.
 */
export const MAX_GLIDE_MS = 100;

/**
 * Where to draw one remote cursor at any moment. Positions arrive a few times a second (at most
 * ~20 per person); each new one starts a straight glide from where the cursor is drawn now to the
 * new position, lasting as long as the gap between the last two arrivals. So the cursor moves at
 * a steady speed, frame by frame, and reaches each position about when the next one comes in:
 * it runs at most one update behind, never ahead. Pure, so it is tested without a canvas.
 */
export class CursorMotion {
  private from: Point;
  private to: Point;
  private startedAt: number;
  private duration = 0;
  private lastArrival: number;

  constructor(point: Point, now: number) {
    this.from = point;
    this.to = point;
    this.startedAt = now;
    this.lastArrival = now;
  }

  /** The latest position received. */
  get target(): Point {
    return this.to;
  }

  /** A new position arrived at `now` (milliseconds on any steady clock). */
  push(point: Point, now: number): void {
    if (point.x === this.to.x && point.y === this.to.y) return;
    const gap = now - this.lastArrival;
    this.from = this.at(now);
    this.to = point;
    this.startedAt = now;
    this.duration = Math.min(MAX_GLIDE_MS, Math.max(MIN_GLIDE_MS, gap));
    this.lastArrival = now;
  }

  /** Where the cursor is drawn at `now`. */
  at(now: number): Point {
    const t = this.duration > 0 ? Math.min(1, (now - this.startedAt) / this.duration) : 1;
    if (t >= 1) return this.to;
    return {
      x: this.from.x + (this.to.x - this.from.x) * t,
      y: this.from.y + (this.to.y - this.from.y) * t,
    };
  }

  /** True once the cursor has reached the latest position (nothing left to animate). */
  settled(now: number): boolean {
    return now - this.startedAt >= this.duration;
  }
}
