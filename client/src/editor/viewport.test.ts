import { describe, expect, it } from 'vitest';
import {
  MAX_SCALE,
  MIN_SCALE,
  boardToScreen,
  gridSpacing,
  interpretWheel,
  screenToBoard,
  zoomAt,
} from './viewport';

const wheel = { deltaX: 0, deltaY: 0, deltaMode: 0, ctrlKey: false, metaKey: false };

describe('viewport', () => {
  it('converts between board and screen coordinates', () => {
    const viewport = { x: 100, y: -50, scale: 2 };
    expect(boardToScreen(viewport, { x: 10, y: 20 })).toEqual({ x: 120, y: -10 });
    expect(screenToBoard(viewport, { x: 120, y: -10 })).toEqual({ x: 10, y: 20 });
  });

  it.each([
    [{ x: 0, y: 0, scale: 1 }, { x: 300, y: 200 }, 2],
    [{ x: -40, y: 75, scale: 0.5 }, { x: 10, y: 640 }, 0.25],
    [{ x: 12, y: 13, scale: 3 }, { x: 500, y: 5 }, 1.1],
  ])('keeps the point under the pointer fixed when zooming (%o at %o to %d)', (from, at, scale) => {
    const before = screenToBoard(from, at);
    const next = zoomAt(from, at, scale);
    expect(next.scale).toBe(scale);
    const after = boardToScreen(next, before);
    expect(after.x).toBeCloseTo(at.x, 9);
    expect(after.y).toBeCloseTo(at.y, 9);
  });

  it('clamps the zoom to 0.1–4', () => {
    const at = { x: 50, y: 50 };
    expect(zoomAt({ x: 0, y: 0, scale: 1 }, at, 100).scale).toBe(MAX_SCALE);
    expect(zoomAt({ x: 0, y: 0, scale: 1 }, at, 0.001).scale).toBe(MIN_SCALE);
  });

  it('zooms on pinch and ctrl+wheel, in the natural direction', () => {
    const pinchOut = interpretWheel({ ...wheel, deltaY: -3.5, ctrlKey: true });
    expect(pinchOut.kind).toBe('zoom');
    expect(pinchOut.kind === 'zoom' && pinchOut.factor).toBeGreaterThan(1);
    const metaIn = interpretWheel({ ...wheel, deltaY: 100, metaKey: true });
    expect(metaIn.kind === 'zoom' && metaIn.factor).toBeLessThan(1);
  });

  it('zooms on a notched mouse wheel', () => {
    expect(interpretWheel({ ...wheel, deltaY: 100 }).kind).toBe('zoom');
    expect(interpretWheel({ ...wheel, deltaY: 3, deltaMode: 1 }).kind).toBe('zoom');
  });

  it('pans on two-finger trackpad scrolls', () => {
    expect(interpretWheel({ ...wheel, deltaX: 12, deltaY: 4 })).toEqual({
      kind: 'pan',
      dx: -12,
      dy: -4,
    });
    expect(interpretWheel({ ...wheel, deltaY: 7.25 }).kind).toBe('pan');
  });

  it('keeps grid dots at a readable spacing', () => {
    expect(gridSpacing(1)).toBe(24);
    expect(gridSpacing(0.1)).toBeGreaterThanOrEqual(14);
    expect(gridSpacing(4)).toBe(96);
  });
});
