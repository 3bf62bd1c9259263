import { describe, expect, it } from 'vitest';
import { nineSlice, rectSprite, shadowReach } from './soft-shadow';
import type { Slice } from './soft-shadow';

const STYLE = { blur: 14, opacity: 0.14, offsetY: 4 };

/** Area covered by the pieces, and whether any two overlap. */
function coverage(slices: readonly Slice[]) {
  const area = slices.reduce((sum, s) => sum + s.dw * s.dh, 0);
  const overlaps = slices.some((a, i) =>
    slices.some(
      (b, j) =>
        i < j &&
        a.dx < b.dx + b.dw - 1e-9 &&
        b.dx < a.dx + a.dw - 1e-9 &&
        a.dy < b.dy + b.dh - 1e-9 &&
        b.dy < a.dy + a.dh - 1e-9,
    ),
  );
  return { area, overlaps };
}

describe('nineSlice', () => {
  it("tiles the shadow's box exactly: the item grown by the blur's reach, shifted by the offset", () => {
    const reach = shadowReach(STYLE.blur);
    for (const [w, h] of [
      [200, 200],
      [1800, 120],
      [30, 30],
      [2, 400],
    ] as const) {
      const slices = nineSlice(w, h, 6, STYLE, true);
      const { area, overlaps } = coverage(slices);
      expect(overlaps).toBe(false);
      expect(area).toBeCloseTo((w + 2 * reach) * (h + 2 * reach));
      expect(Math.min(...slices.map((s) => s.dx))).toBe(-reach);
      expect(Math.min(...slices.map((s) => s.dy))).toBe(-reach + STYLE.offsetY);
    }
  });

  it('keeps corners at full size on items large enough and reads them from the sprite unscaled', () => {
    const { corner, size } = rectSprite(6, STYLE.blur);
    const slices = nineSlice(200, 200, 6, STYLE, false);
    expect(slices).toHaveLength(8);
    const corners = slices.filter((s) => s.sw === corner && s.sh === corner);
    expect(corners).toHaveLength(4);
    for (const s of corners) {
      expect(s.dw).toBe(corner);
      expect(s.dh).toBe(corner);
      expect(s.sx + s.sw).toBeLessThanOrEqual(size);
    }
  });

  it('leaves out the middle that an opaque item hides, and only that', () => {
    const all = coverage(nineSlice(200, 120, 6, STYLE, true)).area;
    const open = coverage(nineSlice(200, 120, 6, STYLE, false)).area;
    const { corner } = rectSprite(6, STYLE.blur);
    const reach = shadowReach(STYLE.blur);
    expect(all - open).toBeCloseTo((200 + 2 * reach - 2 * corner) * (120 + 2 * reach - 2 * corner));
  });
});
