import type { Box, Point } from '../geometry';

/*
 * Align and distribute, as in Miro, FigJam and Excalidraw: a selection moves as units (an item,
 * or a whole group), aligned to the edges or centre of the selection's bounds; distributing keeps
 * the first and last unit and spaces the rest with equal gaps.
 */

export const ALIGN_OPS = ['left', 'center', 'right', 'top', 'middle', 'bottom'] as const;
export type AlignOp = (typeof ALIGN_OPS)[number];
export const DISTRIBUTE_AXES = ['horizontal', 'vertical'] as const;
export type DistributeAxis = (typeof DISTRIBUTE_AXES)[number];

/** Something that moves as one: an item or a group, with its bounds on the board. */
export interface ArrangeUnit {
  readonly id: string;
  readonly box: Box;
}

const bounds = (units: readonly ArrangeUnit[]): Box => {
  const x = Math.min(...units.map((u) => u.box.x));
  const y = Math.min(...units.map((u) => u.box.y));
  const right = Math.max(...units.map((u) => u.box.x + u.box.w));
  const bottom = Math.max(...units.map((u) => u.box.y + u.box.h));
  return { x, y, w: right - x, h: bottom - y };
};

/** How far each unit moves to align them; units already in place are left out. Needs two. */
export function alignMoves(units: readonly ArrangeUnit[], op: AlignOp): Map<string, Point> {
  const moves = new Map<string, Point>();
  if (units.length < 2) return moves;
  const all = bounds(units);
  for (const { id, box } of units) {
    let dx = 0;
    let dy = 0;
    switch (op) {
      case 'left':
        dx = all.x - box.x;
        break;
      case 'center':
        dx = all.x + all.w / 2 - (box.x + box.w / 2);
        break;
      case 'right':
        dx = all.x + all.w - (box.x + box.w);
        break;
      case 'top':
        dy = all.y - box.y;
        break;
      case 'middle':
        dy = all.y + all.h / 2 - (box.y + box.h / 2);
        break;
      case 'bottom':
        dy = all.y + all.h - (box.y + box.h);
        break;
    }
    if (dx !== 0 || dy !== 0) moves.set(id, { x: dx, y: dy });
  }
  return moves;
}

/**
 * How far each unit moves so the gaps between neighbours along the axis are equal (negative when
 * they must overlap); the outermost units stay. Needs three. Ties in position keep the given order.
 */
export function distributeMoves(
  units: readonly ArrangeUnit[],
  axis: DistributeAxis,
): Map<string, Point> {
  const moves = new Map<string, Point>();
  if (units.length < 3) return moves;
  const start = (b: Box) => (axis === 'horizontal' ? b.x : b.y);
  const size = (b: Box) => (axis === 'horizontal' ? b.w : b.h);
  const centre = (b: Box) => start(b) + size(b) / 2;
  const sorted = [...units].sort((a, b) => centre(a.box) - centre(b.box));
  const first = sorted[0]!.box;
  const last = sorted.at(-1)!.box;
  const span = start(last) + size(last) - start(first);
  const used = sorted.reduce((sum, unit) => sum + size(unit.box), 0);
  const gap = (span - used) / (sorted.length - 1);
  let at = start(first) + size(first) + gap;
  for (const unit of sorted.slice(1, -1)) {
    const delta = at - start(unit.box);
    if (delta !== 0)
      moves.set(unit.id, axis === 'horizontal' ? { x: delta, y: 0 } : { x: 0, y: delta });
    at += size(unit.box) + gap;
  }
  return moves;
}
