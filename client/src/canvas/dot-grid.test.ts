import { describe, expect, it } from 'vitest';
import { gridSpacing } from '../editor/viewport';
import { gridPlacement, gridTile } from './dot-grid';

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

describe('gridTile', () => {
  it('holds every dot the window shows wherever the camera pans, none cut at its edge', () => {
    const size = { width: 1280, height: 800 };
    for (const scale of [0.1, 0.8, 1, 2.5]) {
      for (const x of [-3.7, 0, 11.2, 999.9]) {
        const placement = gridPlacement({ x, y: x, scale });
        const tile = gridTile(placement, size, 1, 'light');
        expect(tile.pad).toBeGreaterThan(placement.radius);
        // The tile, placed `pad` before the first dot, paints dots while they start inside it:
        // the first one it leaves out lies beyond the window's far edge by more than a radius.
        const painted = Math.ceil((tile.width - tile.pad) / tile.spacing);
        const firstLeftOut = placement.offsetX + painted * tile.spacing;
        expect(firstLeftOut).toBeGreaterThan(size.width + placement.radius);
      }
    }
  });

  it('stays the same tile while the camera only pans', () => {
    const at = (x: number) =>
      gridTile(gridPlacement({ x, y: -x, scale: 0.8 }), { width: 800, height: 600 }, 2, 'dark');
    expect(at(-13.25)).toEqual(at(4711));
  });
});
