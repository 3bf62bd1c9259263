import { describe, expect, it } from 'vitest';
import { alignMoves, distributeMoves } from './align';
import type { AlignOp, ArrangeUnit, DistributeAxis } from './align';

const unit = (id: string, x: number, y: number, w: number, h: number): ArrangeUnit => ({
  id,
  box: { x, y, w, h },
});
// a: 0..100 × 0..50, b: 200..260 × 100..200, c: 50..90 × 300..320
const abc = [unit('a', 0, 0, 100, 50), unit('b', 200, 100, 60, 100), unit('c', 50, 300, 40, 20)];

describe('alignMoves', () => {
  it.each<[AlignOp, Record<string, [number, number]>]>([
    ['left', { b: [-200, 0], c: [-50, 0] }],
    ['right', { a: [160, 0], c: [170, 0] }],
    ['center', { a: [80, 0], b: [-100, 0], c: [60, 0] }],
    ['top', { b: [0, -100], c: [0, -300] }],
    ['bottom', { a: [0, 270], b: [0, 120] }],
    ['middle', { a: [0, 135], b: [0, 10], c: [0, -150] }],
  ])('%s', (op, expected) => {
    const moves = Object.fromEntries([...alignMoves(abc, op)].map(([id, p]) => [id, [p.x, p.y]]));
    expect(moves).toEqual(expected);
  });

  it('moves nothing for fewer than two units', () => {
    expect(alignMoves([abc[0]!], 'left').size).toBe(0);
    expect(alignMoves([], 'top').size).toBe(0);
  });
});

describe('distributeMoves', () => {
  it.each<[string, ArrangeUnit[], DistributeAxis, Record<string, [number, number]>]>([
    [
      'equal gaps between unequal widths',
      [unit('a', 0, 0, 100, 10), unit('b', 110, 0, 50, 10), unit('c', 400, 0, 100, 10)],
      'horizontal',
      // span 500, used 250, gap 125: b starts at 225.
      { b: [115, 0] },
    ],
    [
      'order by centre, not by the order given',
      [unit('c', 300, 0, 10, 10), unit('a', 0, 0, 10, 10), unit('b', 20, 0, 10, 10)],
      'horizontal',
      { b: [130, 0] },
    ],
    [
      'vertical, four units',
      [
        unit('a', 0, 0, 10, 10),
        unit('b', 0, 15, 10, 10),
        unit('c', 0, 20, 10, 10),
        unit('d', 0, 90, 10, 10),
      ],
      'vertical',
      // span 100, used 40, gap 20: b at 30, c at 60.
      { b: [0, 15], c: [0, 40] },
    ],
    [
      'already even: nothing moves',
      [unit('a', 0, 0, 10, 10), unit('b', 50, 0, 10, 10), unit('c', 100, 0, 10, 10)],
      'horizontal',
      {},
    ],
    [
      'too wide to fit: gaps become equal overlaps',
      [unit('a', 0, 0, 100, 10), unit('b', 10, 0, 100, 10), unit('c', 150, 0, 100, 10)],
      'horizontal',
      // span 250, used 300, gap -25: b at 75.
      { b: [65, 0] },
    ],
    [
      'two units: nothing to distribute',
      [unit('a', 0, 0, 1, 1), unit('b', 9, 0, 1, 1)],
      'horizontal',
      {},
    ],
  ])('%s', (_name, units, axis, expected) => {
    const moves = Object.fromEntries(
      [...distributeMoves(units, axis)].map(([id, p]) => [id, [p.x, p.y]]),
    );
    expect(moves).toEqual(expected);
  });
});
