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

const lines = (start: number, size: number) => [start, start + size / 2, start + size];

/**
 * How far to shift a box being moved so that one of its edges or its centre lines up with an edge
 * or centre of a target, per axis, when one is within `threshold` (board units); the nearest wins.
 */
export function snapBox(moving: Box, targets: readonly Box[], threshold: number): Snap {
  let bestX: { delta: number; at: number } | null = null;
  let bestY: { delta: number; at: number } | null = null;
  for (const target of targets) {
    for (const m of lines(moving.x, moving.w)) {
      for (const t of lines(target.x, target.w)) {
        const delta = t - m;
        if (Math.abs(delta) <= threshold && (!bestX || Math.abs(delta) < Math.abs(bestX.delta))) {
          bestX = { delta, at: t };
        }
      }
    }
    for (const m of lines(moving.y, moving.h)) {
      for (const t of lines(target.y, target.h)) {
        const delta = t - m;
        if (Math.abs(delta) <= threshold && (!bestY || Math.abs(delta) < Math.abs(bestY.delta))) {
          bestY = { delta, at: t };
        }
      }
    }
  }
  const dx = bestX?.delta ?? 0;
  const dy = bestY?.delta ?? 0;
  const snapped = { ...moving, x: moving.x + dx, y: moving.y + dy };
  const guides: Guide[] = [];
  // A guide spans the moved box and every target that shares the snapped line.
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  if (bestX) {
    const at = bestX.at;
    const sharing = targets.filter((t) => lines(t.x, t.w).some((v) => near(v, at)));
    const ys = [snapped.y, snapped.y + snapped.h, ...sharing.flatMap((t) => [t.y, t.y + t.h])];
    guides.push({ axis: 'x', at, from: Math.min(...ys), to: Math.max(...ys) });
  }
  if (bestY) {
    const at = bestY.at;
    const sharing = targets.filter((t) => lines(t.y, t.h).some((v) => near(v, at)));
    const xs = [snapped.x, snapped.x + snapped.w, ...sharing.flatMap((t) => [t.x, t.x + t.w])];
    guides.push({ axis: 'y', at, from: Math.min(...xs), to: Math.max(...xs) });
  }
  return { dx, dy, guides };
}
