import { describe, expect, it } from 'vitest';
import { gridSpacing } from '../editor/viewport';
import { gridPlacement } from './dot-grid';

describe('gridPlacement', () => {
  it('scales the painted cell down to the on-screen spacing, never up', () => {
    for (const scale of [0.1, 0.37, 0.5, 1, 1.13, 2.5, 4]) {
      const placed = gridPlacement({ x: -5, y: -5, scale });
      expect(placed.factor * placed.tile).toBeCloseTo(gridSpacing(scale));
      expect(placed.factor).toBeGreaterThan(0.5);
      expect(placed.factor).toBeLessThanOrEqual(1);
    }
  });

  it('starts less than one cell before the window corner, in step with the board', () => {
    const spacing = gridSpacing(1);
    for (const x of [-1000.5, -24, 0, 7, 24, 99999]) {
      const placed = gridPlacement({ x, y: -x, scale: 1 });
      for (const [start, camera] of [
        [placed.offsetX, x],
        [placed.offsetY, -x],
      ] as const) {
        expect(start).toBeLessThanOrEqual(0);
        expect(start).toBeGreaterThan(-spacing - 1e-9);
        const cells = (camera - start) / spacing;
        expect(cells).toBeCloseTo(Math.round(cells));
      }
    }
  });

  it('needs only a handful of painted cells over a whole zoom', () => {
    const cells = new Set<string>();
    for (let scale = 0.1; scale <= 4; scale *= 1.02) {
      const { tile, dot } = gridPlacement({ x: 0, y: 0, scale });
      expect(dot).toBeGreaterThan(0);
      cells.add(`${tile} ${dot}`);
    }
    expect(cells.size).toBeLessThan(20);
  });
});
