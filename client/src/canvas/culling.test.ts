import { describe, expect, it } from 'vitest';
import { areaServes, BLOCKS_BELOW_SCALE, cullArea, levelOfDetail } from './culling';

describe('level of detail', () => {
  it.each([
    [4, 'full'],
    [1, 'full'],
    [BLOCKS_BELOW_SCALE, 'full'],
    [BLOCKS_BELOW_SCALE - 0.01, 'blocks'],
    [0.1, 'blocks'],
  ] as const)('at zoom %s draws %s', (scale, lod) => {
    expect(levelOfDetail(scale)).toBe(lod);
  });
});

describe('culling area', () => {
  const view = { x: 100, y: 200, w: 1000, h: 800 };

  it('grows the view by the margin on every side', () => {
    expect(cullArea(view, 0.25)).toEqual({ x: -150, y: 0, w: 1500, h: 1200 });
  });

  it('still serves a view panned within the margin, not one panned beyond it', () => {
    const area = cullArea(view);
    expect(areaServes(area, view)).toBe(true);
    expect(areaServes(area, { ...view, x: view.x + 240, y: view.y - 190 })).toBe(true);
    expect(areaServes(area, { ...view, x: view.x + 260 })).toBe(false);
  });

  it('is redone after zooming out (view outgrows it) or far in (it would mount too much)', () => {
    const area = cullArea(view);
    expect(areaServes(area, { x: -200, y: 0, w: 1800, h: 1400 })).toBe(false);
    expect(areaServes(area, { x: 500, y: 500, w: 200, h: 160 })).toBe(false);
    expect(areaServes(area, { x: 300, y: 300, w: 700, h: 560 })).toBe(true);
  });
});
