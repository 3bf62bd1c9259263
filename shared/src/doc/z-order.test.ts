import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicesBetween } from '../planning/rank';
import { boxesIntersect } from '../geometry/box';
import { bringForward, bringToFront, sendBackward, sendToBack, sortByZ } from './z-order';
import type { Stacked } from './z-order';

const stack = (...ids: string[]): Stacked[] => {
  const keys = indicesBetween(null, null, ids.length);
  return ids.map((id, i) => ({ id, z: keys[i]! }));
};

function apply(items: Stacked[], changes: Map<string, string>): string[] {
  return sortByZ(items.map((item) => ({ ...item, z: changes.get(item.id) ?? item.z }))).map(
    (i) => i.id,
  );
}

describe('z-order operations', () => {
  const items = stack('a', 'b', 'c', 'd', 'e');
  it.each<[string, typeof bringForward, string[], string[]]>([
    ['forward one step', bringForward, ['b'], ['a', 'c', 'b', 'd', 'e']],
    ['forward a group keeps its order', bringForward, ['a', 'b'], ['c', 'a', 'b', 'd', 'e']],
    ['forward two apart items', bringForward, ['a', 'c'], ['b', 'a', 'd', 'c', 'e']],
    ['forward at the top stays', bringForward, ['e'], ['a', 'b', 'c', 'd', 'e']],
    ['backward one step', sendBackward, ['d'], ['a', 'b', 'd', 'c', 'e']],
    ['backward a group', sendBackward, ['d', 'e'], ['a', 'b', 'd', 'e', 'c']],
    ['backward at the bottom stays', sendBackward, ['a'], ['a', 'b', 'c', 'd', 'e']],
    ['to front', bringToFront, ['b', 'a'], ['c', 'd', 'e', 'a', 'b']],
    ['to back', sendToBack, ['d', 'c'], ['c', 'd', 'a', 'b', 'e']],
  ])('%s', (_name, op, chosen, expected) => {
    expect(apply(items, op(items, new Set(chosen)))).toEqual(expected);
  });

  it('works with equal keys left by concurrent inserts', () => {
    const tied = [
      { id: 'x', z: 'a1' },
      { id: 'y', z: 'a1' },
      { id: 'z', z: 'a2' },
    ];
    expect(apply(tied, bringForward(tied, new Set(['x'])))).toEqual(['y', 'x', 'z']);
    expect(apply(tied, sendBackward(tied, new Set(['y'])))).toEqual(['y', 'x', 'z']);
  });

  it('never changes the set of items and moves each chosen item by at most one neighbour group', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.nat(11)),
        fc.boolean(),
        (n, picks, up) => {
          const ids = Array.from({ length: n }, (_, i) => `i${i}`);
          const items = stack(...ids);
          const chosen = new Set(picks.filter((p) => p < n).map((p) => `i${p}`));
          const order = apply(items, (up ? bringForward : sendBackward)(items, chosen));
          expect([...order].sort()).toEqual([...ids].sort());
          // Unchosen items keep their relative order.
          expect(order.filter((id) => !chosen.has(id))).toEqual(
            ids.filter((id) => !chosen.has(id)),
          );
        },
      ),
    );
  });

  describe('among overlapping items only', () => {
    // a, b and c overlap in a pile at the left; d stands alone at the right; e overlaps only c.
    const boxes: Record<string, { x: number; y: number; w: number; h: number }> = {
      a: { x: 0, y: 0, w: 100, h: 100 },
      d: { x: 500, y: 0, w: 100, h: 100 },
      b: { x: 50, y: 50, w: 100, h: 100 },
      c: { x: 120, y: 120, w: 100, h: 100 },
      e: { x: 210, y: 210, w: 50, h: 50 },
    };
    const pile = stack('a', 'd', 'b', 'c', 'e');
    const overlaps = (x: Stacked, y: Stacked) => boxesIntersect(boxes[x.id]!, boxes[y.id]!);

    it.each<[string, typeof bringForward, string[], string[]]>([
      [
        'forward passes the next overlapping item, not the next in the board',
        bringForward,
        ['a'],
        ['d', 'b', 'a', 'c', 'e'],
      ],
      [
        'forward with nothing overlapping above stays',
        bringForward,
        ['d'],
        ['a', 'd', 'b', 'c', 'e'],
      ],
      ['forward skips items it does not touch', bringForward, ['b'], ['a', 'd', 'c', 'b', 'e']],
      [
        'backward passes the next overlapping item below',
        sendBackward,
        ['c'],
        ['a', 'd', 'c', 'b', 'e'],
      ],
      [
        'backward with nothing overlapping below stays',
        sendBackward,
        ['d'],
        ['a', 'd', 'b', 'c', 'e'],
      ],
      ['backward over a gap', sendBackward, ['b'], ['b', 'a', 'd', 'c', 'e']],
      [
        'each chosen item passes only what it overlaps itself',
        bringForward,
        ['a', 'b'],
        ['a', 'd', 'c', 'b', 'e'],
      ],
    ])('%s', (_name, op, chosen, expected) => {
      expect(apply(pile, op(pile, new Set(chosen), overlaps))).toEqual(expected);
    });

    it('changes only the items that moved', () => {
      expect([...bringForward(pile, new Set(['a']), overlaps).keys()]).toEqual(['a']);
    });
  });
});
