import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIndex, indexAbove, indexBetween, indicesBetween } from './rank';

describe('fractional ranking', () => {
  it('generates keys between neighbours', () => {
    const a = indexBetween(null, null);
    const c = indexBetween(a, null);
    const b = indexBetween(a, c);
    expect([c, a, b].sort()).toEqual([a, b, c]);
  });

  it('generates n ascending keys', () => {
    const keys = indicesBetween(null, null, 50);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(50);
  });

  it('finds a key above all others', () => {
    const keys = indicesBetween(null, null, 5);
    const top = indexAbove(keys);
    expect(keys.every((k) => k < top)).toBe(true);
    expect(indexAbove([])).toBe(indexBetween(null, null));
  });

  it('keeps order under any sequence of inserts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (positions) => {
        const keys: string[] = [];
        for (const p of positions) {
          const i = p % (keys.length + 1);
          keys.splice(i, 0, indexBetween(keys[i - 1] ?? null, keys[i] ?? null));
        }
        expect([...keys].sort()).toEqual(keys);
      }),
    );
  });

  it('breaks ties between equal keys by id, identically everywhere', () => {
    const entries = [
      { key: 'a1', id: 'z' },
      { key: 'a1', id: 'b' },
      { key: 'a0', id: 'q' },
    ];
    expect([...entries].sort(compareIndex).map((e) => e.id)).toEqual(['q', 'b', 'z']);
    expect(
      [...entries]
        .reverse()
        .sort(compareIndex)
        .map((e) => e.id),
    ).toEqual(['q', 'b', 'z']);
  });
});
