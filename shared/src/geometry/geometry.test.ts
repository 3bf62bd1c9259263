import { describe, expect, it } from 'vitest';
import { makeConnector, makeFrame, makePen, makeShape, makeSticky } from '../schema';
import type { BoardItem } from '../schema';
import { boundsOf, boxFromCorners, toLocal } from './box';
import { routeConnector } from './connector-route';
import { hitTestItem, itemBounds, itemsInMarquee, topItemAt } from './hit';
import { outlinePointToward } from './outline';

const base = { z: 'a0', createdBy: 't' };
const a = makeShape({ ...base, id: 'a', x: 0, y: 0, w: 100, h: 100 }, 1);
const b = makeShape({ ...base, id: 'b', x: 300, y: 0, w: 100, h: 100 }, 1);
const c = makeShape({ ...base, id: 'c', x: 300, y: 300, w: 100, h: 100, kind: 'ellipse' }, 1);
const all = new Map<string, BoardItem>([a, b, c].map((i) => [i.id, i]));
const lookup = (id: string) => all.get(id);
const connect = (
  from: string | null,
  to: string | null,
  routing: 'straight' | 'elbow' = 'straight',
) =>
  makeConnector(
    {
      ...base,
      id: 'k',
      from: { itemId: from, x: -50, y: -50 },
      to: { itemId: to, x: 500, y: 50 },
      routing,
    },
    1,
  );

describe('connector routing', () => {
  it.each<[string, ReturnType<typeof connect>, { x: number; y: number }[]]>([
    [
      'straight between two boxes touches their facing edges',
      connect('a', 'b'),
      [
        { x: 100, y: 50 },
        { x: 300, y: 50 },
      ],
    ],
    [
      'a free end stays at its point',
      connect('a', null),
      [
        { x: 100, y: 50 },
        { x: 500, y: 50 },
      ],
    ],
    [
      'an end whose item is gone sits at its stored point',
      connect('gone', 'b'),
      [
        { x: -50, y: -50 },
        { x: 300, y: 37.5 },
      ],
    ],
    [
      'elbow between side-by-side boxes is a straight run',
      connect('a', 'b', 'elbow'),
      [
        { x: 100, y: 50 },
        { x: 300, y: 50 },
      ],
    ],
    [
      'elbow to a box below-right bends',
      connect('a', 'c', 'elbow'),
      [
        { x: 100, y: 50 },
        { x: 200, y: 50 },
        { x: 200, y: 350 },
        { x: 300, y: 350 },
      ],
    ],
  ])('%s', (_name, connector, expected) => {
    const route = routeConnector(connector, lookup);
    expect(route.points).toHaveLength(expected.length);
    route.points.forEach((p, i) => {
      expect(p.x).toBeCloseTo(expected[i]!.x, 6);
      expect(p.y).toBeCloseTo(expected[i]!.y, 6);
    });
  });

  it('follows an attached item when it moves', () => {
    const moved = new Map(all).set('b', { ...b, y: 200 });
    const route = routeConnector(connect('a', 'b'), (id) => moved.get(id));
    expect(route.end.y).toBeGreaterThan(200);
    expect(route.start.x).toBeGreaterThan(50);
  });

  it('puts the label halfway along the route', () => {
    const route = routeConnector(connect('a', 'b'), lookup);
    expect(route.labelAt).toEqual({ x: 200, y: 50 });
  });

  it('touches an ellipse on its curve, not its box', () => {
    const p = outlinePointToward(c, 'ellipse', { x: 0, y: 0 });
    const r = Math.hypot(p.x - 350, p.y - 350);
    expect(r).toBeCloseTo(50, 6);
  });
});

describe('hit-testing', () => {
  const rotated = makeShape({ ...base, id: 'r', x: 100, y: 0, w: 100, h: 20, rotation: 90 }, 1);
  const diamond = makeShape({ ...base, id: 'd', x: 0, y: 0, w: 100, h: 100, kind: 'diamond' }, 1);
  const frame = makeFrame({ ...base, id: 'f', x: 0, y: 0, w: 400, h: 300 }, 1);
  const pen = makePen({ ...base, id: 'p', x: 10, y: 10, points: [0, 0, 100, 0] }, 1);
  it.each<[string, BoardItem, { x: number; y: number }, boolean]>([
    ['inside a box', a, { x: 50, y: 50 }, true],
    ['outside a box', a, { x: 150, y: 50 }, false],
    ['a rotated box where it turned to', rotated, { x: 90, y: 50 }, true],
    ['a rotated box where it used to be', rotated, { x: 150, y: 10 }, false],
    ['a diamond corner is empty', diamond, { x: 5, y: 5 }, false],
    ['a diamond centre', diamond, { x: 50, y: 50 }, true],
    ['an ellipse corner is empty', c, { x: 302, y: 302 }, false],
    ['a frame title strip', frame, { x: 20, y: -10 }, true],
    ['a frame border', frame, { x: 1, y: 150 }, true],
    ['a frame inside is not the frame', frame, { x: 200, y: 150 }, false],
    ['near a pen stroke', pen, { x: 60, y: 13 }, true],
    ['far from a pen stroke', pen, { x: 60, y: 40 }, false],
    ['near a connector', connect('a', 'b'), { x: 200, y: 53 }, true],
    ['beside a connector', connect('a', 'b'), { x: 200, y: 80 }, false],
  ])('%s', (_name, item, point, hit) => {
    expect(hitTestItem(item, point, 4, lookup)).toBe(hit);
  });

  it('picks the topmost item, but never a frame over its contents', () => {
    const frame2 = { ...frame, z: 'a5', x: -10, y: -10, w: 600, h: 600 };
    const sticky = makeSticky({ ...base, id: 's', x: 0, y: 0 }, 1);
    expect(topItemAt([sticky, a], { x: 50, y: 50 }, 0, lookup)?.id).toBe('a');
    expect(topItemAt([a, frame2], { x: -9, y: 50 }, 2, lookup)?.id).toBe('f');
    expect(topItemAt([a, frame2], { x: 50, y: 50 }, 2, lookup)?.id).toBe('a');
  });

  it('selects by marquee: intersecting items, and frames only when fully inside', () => {
    const frame2 = makeFrame({ ...base, id: 'f', x: 0, y: 0, w: 150, h: 150 }, 1);
    const marquee = boxFromCorners({ x: 250, y: -10 }, { x: -20, y: 120 });
    expect(itemsInMarquee([a, b, c, frame2], marquee, lookup).map((i) => i.id)).toEqual(['a']);
    const big = boxFromCorners({ x: -20, y: -40 }, { x: 320, y: 200 });
    expect(itemsInMarquee([a, b, c, frame2], big, lookup).map((i) => i.id)).toEqual([
      'a',
      'b',
      'f',
    ]);
  });

  it('bounds a rotated item by its turned corners and a frame by its title too', () => {
    const rotated45 = { ...a, rotation: 90 };
    expect(boundsOf(rotated45)).toMatchObject({ x: -100, y: 0, w: 100, h: 100 });
    expect(itemBounds(frame, lookup)).toEqual({ x: 0, y: -28, w: 400, h: 328 });
    expect(toLocal(rotated45, { x: -50, y: 50 }).x).toBeCloseTo(50, 9);
  });
});
