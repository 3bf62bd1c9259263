import type { Box } from '@weboard/shared';

/** A guide line drawn while an edge or centre is snapped: vertical for x, horizontal for y. */
export interface Guide {
  axis: 'x' | 'y';
  /** The snapped coordinate (x for a vertical guide). */
  at: number;
  /** Extent along the other axis. */
  from: number;
  to: number;
}

export interface Snap {
  dx: number;
  dy: number;
  guides: Guide[];
}

interface Line {
  delta: number;
  at: number;
}

/**
 * `best`, or a nearer line of the target span (`at`, `size`) within `threshold` of a line of the
 * moving span (`from`, `length`). Lines are tried start, centre, end (the first of equally near
 * ones wins) without building arrays: this runs for every target on every step of a drag.
 */
function nearer(
  best: Line | null,
  from: number,
  length: number,
  at: number,
  size: number,
  threshold: number,
): Line | null {
  for (let i = 0; i < 3; i++) {
    const m = i === 0 ? from : i === 1 ? from + length / 2 : from + length;
    for (let j = 0; j < 3; j++) {
      const t = j === 0 ? at : j === 1 ? at + size / 2 : at + size;
      const delta = t - m;
      if (Math.abs(delta) <= threshold && (!best || Math.abs(delta) < Math.abs(best.delta))) {
        best = { delta, at: t };
      }
    }
  }
  return best;
}

/**
 * How far to shift a box being moved so that one of its edges or its centre lines up with an edge
 * or centre of a target, per axis, when one is within `threshold` (board units); the nearest wins.
 */
export function snapBox(moving: Box, targets: readonly Box[], threshold: number): Snap {
  let bestX: Line | null = null;
  let bestY: Line | null = null;
  for (const target of targets) {
    bestX = nearer(bestX, moving.x, moving.w, target.x, target.w, threshold);
    bestY = nearer(bestY, moving.y, moving.h, target.y, target.h, threshold);
  }
  const dx = bestX?.delta ?? 0;
  const dy = bestY?.delta ?? 0;
  const snapped = { ...moving, x: moving.x + dx, y: moving.y + dy };
  const guides: Guide[] = [];
  // A guide spans the moved box and every target that shares the snapped line.
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  const hasLine = (start: number, size: number, at: number) =>
    near(start, at) || near(start + size / 2, at) || near(start + size, at);
  if (bestX) {
    const at = bestX.at;
    const sharing = targets.filter((t) => hasLine(t.x, t.w, at));
    const ys = [snapped.y, snapped.y + snapped.h, ...sharing.flatMap((t) => [t.y, t.y + t.h])];
    guides.push({ axis: 'x', at, from: Math.min(...ys), to: Math.max(...ys) });
  }
  if (bestY) {
    const at = bestY.at;
    const sharing = targets.filter((t) => hasLine(t.y, t.h, at));
    const xs = [snapped.x, snapped.x + snapped.w, ...sharing.flatMap((t) => [t.x, t.x + t.w])];
    guides.push({ axis: 'y', at, from: Math.min(...xs), to: Math.max(...xs) });
  }
  return { dx, dy, guides };
}
