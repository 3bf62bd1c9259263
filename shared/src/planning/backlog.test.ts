import { describe, expect, it } from 'vitest';
import { makeFrame, makeShape, makeSticky, makeText } from '../schema';
import { bindingAt, isBacklogItem, itemTitle, layoutCards } from './backlog';
import type { Rect } from './backlog';

const base = { x: 0, y: 0, z: 'a0', createdBy: 't' };

function overlaps(a: Rect, b: Rect) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('backlog items', () => {
  it.each([
    ['every sticky', makeSticky({ ...base, id: 's' }), true],
    ['a plain heading', makeText({ ...base, id: 't', text: 'Title' }), false],
    ['a text with a team', makeText({ ...base, id: 't', teamId: 'p' }), true],
    ['a plain shape', makeShape({ ...base, id: 'sh' }), false],
    ['a ranked shape', makeShape({ ...base, id: 'sh', rank: 'a0' }), true],
    ['a frame', makeFrame({ ...base, id: 'f', teamId: 'p' }), false],
  ])('%s: %s', (_label, item, expected) => {
    expect(isBacklogItem(item)).toBe(expected);
  });

  it('titles an item by its first line', () => {
    expect(itemTitle({ text: ' Login \nDetails' })).toBe('Login');
    expect(itemTitle({ text: '' })).toBe('Untitled');
  });
});

describe('binding a card to the frame it is dropped in', () => {
  const lane = makeFrame({ ...base, id: 'row', w: 1000, h: 400, teamId: 'pay' });
  const cell = makeFrame({
    ...base,
    id: 'cell',
    x: 500,
    w: 500,
    h: 400,
    teamId: 'pay',
    laneId: 'next',
  });
  const plain = makeFrame({ ...base, id: 'plain', y: 1000, w: 500, h: 500 });
  it.each([
    ['inside a team × lane cell', { x: 600, y: 100 }, { teamId: 'pay', laneId: 'next' }],
    ['inside the swimlane only', { x: 100, y: 100 }, { teamId: 'pay' }],
    ['in an unbound frame', { x: 100, y: 1100 }, {}],
    ['outside every frame', { x: 3000, y: 3000 }, {}],
  ])('%s', (_label, at, expected) => {
    expect(bindingAt([lane, cell, plain], { ...at, w: 200, h: 200 })).toEqual(expected);
  });
});

describe('laying out imported cards', () => {
  const size = { w: 200, h: 200 };
  it('fills a region row by row around what is there, without overlaps', () => {
    const region = { x: 0, y: 0, w: 700, h: 740 };
    const existing = [{ x: 20, y: 56, w: 200, h: 200 }];
    const spots = layoutCards(existing, region, 5, size);
    const rects = [...existing, ...spots.map((s) => ({ ...s, ...size }))];
    for (const a of rects) for (const b of rects) if (a !== b) expect(overlaps(a, b)).toBe(false);
    expect(spots.every((s) => s.x >= 0 && s.x + 200 <= 700 && s.y + 200 <= 740)).toBe(true);
  });

  it('puts what does not fit outside every frame, to the right of the board', () => {
    const region = { x: 0, y: 0, w: 460, h: 500 };
    const frames = [region, { x: 460, y: 0, w: 1000, h: 500 }];
    const spots = layoutCards([], region, 6, size, frames);
    const inside = spots.filter((s) => s.x + 200 <= 460);
    expect(inside).toHaveLength(4);
    expect(spots.filter((s) => s.x >= 1460)).toHaveLength(2);
  });

  it('places cards on an empty board at the origin', () => {
    expect(layoutCards([], null, 1, size)).toEqual([{ x: 0, y: 0 }]);
  });
});
