import { describe, expect, it } from 'vitest';
import { findItems, foldForFind, foundInItem, stepHit } from './find';
import type { Findable } from './find';

const at = (id: string, x: number, y: number, fields: Partial<Findable>): Findable => ({
  id,
  type: 'sticky',
  x,
  y,
  ...fields,
});

const board: Findable[] = [
  at('late', 500, 400, { text: 'Café launch' }),
  at('first', 0, 0, { text: 'CAFE menu' }),
  at('right', 300, 10, { text: 'Naïve cafe idea' }),
  at('frame', 0, 800, { type: 'frame', title: 'Équipe Café' }),
  at('link', 900, 900, { type: 'connector', label: 'blocks the café' }),
  at('key', 900, 0, { text: 'Checkout', sourceKey: 'PAY-12', labels: ['Straße'] }),
  at('pen', 100, 100, { type: 'pen' }),
];

describe('foldForFind', () => {
  it.each([
    ['Café', 'cafe'],
    ['ÉQUIPE', 'equipe'],
    ['Naïve  façade\nok', 'naive facade ok'],
    ['ﬁne', 'fine'],
  ])('%s → %s', (text, folded) => {
    expect(foldForFind(text)).toBe(folded);
  });
});

describe('findItems', () => {
  it.each<[string, string[]]>([
    ['cafe', ['first', 'right', 'late', 'frame', 'link']],
    ['CAFÉ', ['first', 'right', 'late', 'frame', 'link']],
    ['équipe', ['frame']],
    ['pay-12', ['key']],
    ['strasse', []],
    ['straße', ['key']],
    ['  ', []],
    ['', []],
    ['launch menu', []],
    ['naive cafe', ['right']],
  ])('%s finds %o', (query, expected) => {
    expect(findItems(board, query)).toEqual(expected);
  });
});

describe('stepHit', () => {
  it.each<[number, number | null, 1 | -1, number | null]>([
    [0, null, 1, null],
    [3, null, 1, 0],
    [3, null, -1, 2],
    [3, 0, 1, 1],
    [3, 2, 1, 0],
    [3, 0, -1, 2],
  ])('%i hits, at %s, step %i → %s', (count, current, step, expected) => {
    expect(stepHit(count, current, step)).toBe(expected);
  });
});

describe('find in comments', () => {
  it('finds an item by the text of a comment on it, and tells it was only there', () => {
    const card = at('card', 0, 0, { text: 'Checkout', comments: ['Who owns the Façade API?'] });
    expect(findItems([card, ...board], 'facade api')).toEqual(['card']);
    expect(foundInItem(card, 'facade')).toBe(false);
    expect(foundInItem(card, 'check')).toBe(true);
  });
});
