import { describe, expect, it } from 'vitest';
import {
  MAX_GROUP_DEPTH,
  clickTargets,
  groupAtLevel,
  groupAwareCatch,
  groupPatches,
  selectionIsOneGroup,
  ungroupPatches,
} from './groups';
import type { Groupable } from './groups';

// a and b form group "inner"; inner and c form group "outer"; d stands alone.
const a: Groupable = { id: 'a', groupIds: ['inner', 'outer'] };
const b: Groupable = { id: 'b', groupIds: ['inner', 'outer'] };
const c: Groupable = { id: 'c', groupIds: ['outer'] };
const d: Groupable = { id: 'd' };
const all = [a, b, c, d];

describe('groupAtLevel', () => {
  it.each<[Groupable, string | null, string | null]>([
    [a, null, 'outer'],
    [a, 'outer', 'inner'],
    [a, 'inner', null],
    [c, null, 'outer'],
    [c, 'outer', null],
    [d, null, null],
    [d, 'outer', null],
    // Inside some other group: the click is at the board level again.
    [a, 'elsewhere', 'outer'],
  ])('%o entered %s → %s', (item, entered, expected) => {
    expect(groupAtLevel(item, entered)).toBe(expected);
  });
});

describe('clickTargets', () => {
  it.each<[Groupable, string | null, string[]]>([
    [a, null, ['a', 'b', 'c']],
    [c, null, ['a', 'b', 'c']],
    [a, 'outer', ['a', 'b']],
    [c, 'outer', ['c']],
    [a, 'inner', ['a']],
    [d, null, ['d']],
  ])('a click on %o entered %s selects %o', (item, entered, expected) => {
    expect(clickTargets(item, all, entered)).toEqual(expected);
  });
});

describe('groupAwareCatch', () => {
  it.each<[Groupable[], string | null, string[]]>([
    [[a, b, c, d], null, ['a', 'b', 'c', 'd']],
    // Part of a group caught: none of it.
    [[a, b, d], null, ['d']],
    [[a, b], 'outer', ['a', 'b']],
    [[a], 'outer', []],
    [[a], 'inner', ['a']],
    [[], null, []],
  ])('caught %o entered %s → %o', (caught, entered, expected) => {
    expect(groupAwareCatch(caught, all, entered)).toEqual(expected);
  });
});

describe('groupPatches', () => {
  it('gives loose items one new group', () => {
    expect(groupPatches([d, { id: 'e' }], 'g')).toEqual([
      ['d', ['g']],
      ['e', ['g']],
    ]);
  });
  it('nests a group in the new one (the new id goes outermost)', () => {
    expect(groupPatches([a, b, c, d], 'g')).toEqual([
      ['a', ['inner', 'outer', 'g']],
      ['b', ['inner', 'outer', 'g']],
      ['c', ['outer', 'g']],
      ['d', ['g']],
    ]);
  });
  it('inside an entered group, the new group sits below it', () => {
    expect(groupPatches([a, c], 'g', 'outer')).toEqual([
      ['a', ['inner', 'g', 'outer']],
      ['c', ['g', 'outer']],
    ]);
  });
  it('makes no group of one item or past the depth limit', () => {
    expect(groupPatches([d], 'g')).toEqual([]);
    const deep = { id: 'x', groupIds: Array.from({ length: MAX_GROUP_DEPTH }, (_, i) => `g${i}`) };
    expect(groupPatches([deep, d], 'g')).toEqual([]);
  });
});

describe('ungroupPatches', () => {
  it.each<[Groupable[], string | null, [string, string[]][]]>([
    [
      [a, b, c],
      null,
      [
        ['a', ['inner']],
        ['b', ['inner']],
        ['c', []],
      ],
    ],
    [
      [a, b],
      'outer',
      [
        ['a', ['outer']],
        ['b', ['outer']],
      ],
    ],
    [[d], null, []],
  ])('ungrouping %o entered %s', (selected, entered, expected) => {
    expect(ungroupPatches(selected, entered)).toEqual(expected);
  });
});

describe('selectionIsOneGroup', () => {
  it.each<[Groupable[], string | null, boolean]>([
    [[a, b, c], null, true],
    [[a, b], null, false],
    [[a, b], 'outer', true],
    [[a, b, c, d], null, false],
    [[d], null, false],
    [[], null, false],
  ])('%o entered %s → %s', (selected, entered, expected) => {
    expect(selectionIsOneGroup(selected, all, entered)).toBe(expected);
  });
});
