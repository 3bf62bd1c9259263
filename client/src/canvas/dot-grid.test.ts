import { describe, expect, it } from 'vitest';
import { gridSpacing } from '../editor/viewport';
import { gridPlacement } from './dot-grid';

describe('gridPlacement', () => {
  it('puts dots gridSpacing apart with a radius of 1 to 1.6 px', () => {
    for (const scale of [0.1, 0.37, 0.5, 1, 1.13, 2.5, 4]) {
      const placed = gridPlacement({ x: -5, y: -5, scale });
      expect(placed.spacing).toBe(gridSpacing(scale));
      expect(placed.radius).toBeGreaterThanOrEqual(1);
      expect(placed.radius).toBeLessThanOrEqual(1.6);
    }
  });

  it('starts less than one cell before the window corner, in step with the board', () => {
    for (const scale of [0.3, 1, 2]) {
      const spacing = gridSpacing(scale);
      for (const x of [-1000.5, -24, 0, 7, 24, 99999]) {
        const placed = gridPlacement({ x, y: -x, scale });
        for (const [start, camera] of [
          [placed.offsetX, x],
          [placed.offsetY, -x],
        ] as const) {
          expect(start).toBeLessThanOrEqual(0);
          expect(start).toBeGreaterThan(-spacing - 1e-9);
          // A whole number of cells from the board's origin on screen (the camera position).
          const cells = (camera - start) / spacing;
          expect(cells).toBeCloseTo(Math.round(cells));
        }
      }
    }
  });
});
