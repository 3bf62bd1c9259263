import { describe, expect, it } from 'vitest';
import { mergeAreas } from './partial-redraw';

describe('mergeAreas', () => {
  it('merges where a note was and is after a small move into one box', () => {
    const before = { x: 100, y: 100, w: 200, h: 200 };
    const after = { x: 102, y: 100, w: 200, h: 200 };
    expect(mergeAreas([before, after])).toEqual([{ x: 100, y: 100, w: 202, h: 200 }]);
  });

  it('keeps far-apart areas apart (their bounds would cover more than both)', () => {
    const a = { x: 0, y: 0, w: 100, h: 100 };
    const b = { x: 500, y: 500, w: 100, h: 100 };
    expect(mergeAreas([a, b])).toEqual([a, b]);
  });

  it('merges chains: each merge may make another worthwhile', () => {
    const boxes = [
      { x: 0, y: 0, w: 100, h: 100 },
      { x: 220, y: 0, w: 100, h: 100 },
      { x: 90, y: 0, w: 140, h: 100 },
    ];
    expect(mergeAreas(boxes)).toEqual([{ x: 0, y: 0, w: 320, h: 100 }]);
  });

  it('covers every pixel the areas cover', () => {
    const boxes = [
      { x: 10, y: 10, w: 50, h: 50 },
      { x: 40, y: 30, w: 50, h: 50 },
      { x: 300, y: 10, w: 20, h: 20 },
    ];
    const merged = mergeAreas(boxes);
    for (const b of boxes) {
      expect(
        merged.some(
          (m) => m.x <= b.x && m.y <= b.y && m.x + m.w >= b.x + b.w && m.y + m.h >= b.y + b.h,
        ),
      ).toBe(true);
    }
  });
});
