import { describe, expect, it } from 'vitest';
import { CELL_SIZE, ViewerGrid } from './viewer-grid';

const area = (left: number, top: number, right: number, bottom: number) => ({
  left,
  top,
  right,
  bottom,
});

describe('ViewerGrid', () => {
  it('lists a viewer in every cell its area touches, and only there', () => {
    const grid = new ViewerGrid<string>();
    grid.place('ann', area(-10, -10, CELL_SIZE + 10, 10));
    for (const [x, y] of [
      [-5, -5],
      [5, 5],
      [CELL_SIZE + 5, 5],
    ] as const) {
      expect(grid.at(x, y)?.has('ann')).toBe(true);
    }
    expect(grid.at(5, CELL_SIZE + 5)).toBeUndefined();
    expect(grid.at(3 * CELL_SIZE, 0)).toBeUndefined();
    expect(grid.wideViewers.size).toBe(0);
  });

  it('moves a viewer when its area moves, and forgets it when removed', () => {
    const grid = new ViewerGrid<string>();
    grid.place('bob', area(0, 0, 100, 100));
    grid.place('bob', area(50_000, 50_000, 50_100, 50_100));
    expect(grid.at(50, 50)).toBeUndefined();
    expect(grid.at(50_050, 50_050)?.has('bob')).toBe(true);
    grid.remove('bob');
    expect(grid.at(50_050, 50_050)).toBeUndefined();
  });

  it('keeps viewers without a viewport, or zoomed far out, in the wide list', () => {
    const grid = new ViewerGrid<string>();
    grid.place('stock', null);
    grid.place('far', area(-1e6, -1e6, 1e6, 1e6));
    grid.place('odd', area(Number.NaN, 0, 10, 10));
    expect([...grid.wideViewers].sort()).toEqual(['far', 'odd', 'stock']);
    expect(grid.at(0, 0)).toBeUndefined();
    grid.place('far', area(0, 0, 10, 10));
    expect([...grid.wideViewers].sort()).toEqual(['odd', 'stock']);
    expect(grid.at(5, 5)?.has('far')).toBe(true);
  });

  it('keeps cell keys apart at huge coordinates', () => {
    const grid = new ViewerGrid<string>();
    grid.place('edge', area(1e12, 1e12, 1e12 + 10, 1e12 + 10));
    expect(grid.at(1e12 + 5, 1e12 + 5)?.has('edge')).toBe(true);
    expect(grid.at(-1e12, -1e12)).toBeUndefined();
  });
});
