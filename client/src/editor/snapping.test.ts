import { describe, expect, it } from 'vitest';
import { snapBox } from './snapping';

const target = { x: 100, y: 100, w: 100, h: 50 };

describe('snapBox', () => {
  it.each([
    ['left edge to left edge', { x: 103, y: 400, w: 40, h: 40 }, 6, { dx: -3, dy: 0 }],
    ['right edge to left edge', { x: 57, y: 400, w: 40, h: 40 }, 6, { dx: 3, dy: 0 }],
    ['centre to centre on both axes', { x: 132, y: 107, w: 40, h: 40 }, 6, { dx: -2, dy: -2 }],
    ['top edge to bottom edge', { x: 400, y: 152, w: 40, h: 40 }, 6, { dx: 0, dy: -2 }],
    ['nothing within the threshold', { x: 400, y: 400, w: 40, h: 40 }, 6, { dx: 0, dy: 0 }],
    ['a threshold that is too small', { x: 103, y: 400, w: 40, h: 40 }, 2, { dx: 0, dy: 0 }],
  ])('%s', (_name, moving, threshold, expected) => {
    const snap = snapBox(moving, [target], threshold);
    expect(snap.dx).toBeCloseTo(expected.dx, 9);
    expect(snap.dy).toBeCloseTo(expected.dy, 9);
  });

  it('prefers the nearest line and draws a guide spanning both boxes', () => {
    const other = { x: 104, y: 300, w: 10, h: 10 };
    const snap = snapBox({ x: 103, y: 500, w: 40, h: 40 }, [target, other], 6);
    expect(snap.dx).toBe(1);
    expect(snap.guides).toEqual([{ axis: 'x', at: 104, from: 300, to: 540 }]);
  });
});
