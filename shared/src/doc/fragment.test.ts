import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeConnector, makeImage, makeShape, makeSticky } from '../schema';
import type { BoardItem } from '../schema';
import { addItems, deleteItems, readItems } from './board-doc';
import {
  FRAGMENT_KIND,
  decodeFragment,
  encodeFragment,
  instantiateFragment,
  readFragment,
} from './fragment';

const base = { createdBy: 'ada' };
const a = makeSticky({ ...base, id: 'a', x: 0, y: 0, z: 'a1', text: 'hello' }, 1);
const b = makeShape({ ...base, id: 'b', x: 400, y: 0, z: 'a2', w: 100, h: 200 }, 1);
const link = makeConnector(
  { ...base, id: 'k', z: 'a3', from: { itemId: 'a', x: 0, y: 0 }, to: { itemId: 'b', x: 0, y: 0 } },
  1,
);
const all = new Map<string, BoardItem>([a, b, link].map((i) => [i.id, i]));
const lookup = (id: string) => all.get(id);

describe('clipboard fragment', () => {
  it('round-trips items through the clipboard text', () => {
    const decoded = decodeFragment(encodeFragment([b, a], lookup))!;
    expect(decoded).toEqual([a, b]);
  });

  it('saves attached connector ends at their drawn points', () => {
    const [saved] = decodeFragment(encodeFragment([link], lookup))! as [typeof link];
    expect(saved.from).toEqual({ itemId: 'a', x: 200, y: 100 });
    expect(saved.to).toEqual({ itemId: 'b', x: 400, y: 100 });
  });

  it.each([
    ['plain text', 'hello world'],
    ['other JSON', '{"items": []}'],
    ['a newer schema', JSON.stringify({ kind: FRAGMENT_KIND, schemaVersion: 999, items: [] })],
  ])('refuses %s', (_name, text) => {
    expect(decodeFragment(text)).toBeNull();
  });

  it('drops invalid items and keeps the valid ones', () => {
    const text = JSON.stringify({
      kind: FRAGMENT_KIND,
      schemaVersion: 1,
      items: [a, { ...b, w: -5 }, { type: 'widget' }, 42],
    });
    expect(decodeFragment(text)).toEqual([a]);
  });

  it('carries the grants of copied pictures, and only theirs', () => {
    const hash = 'ab'.repeat(32);
    const picture = makeImage({
      ...base,
      id: 'p',
      x: 0,
      y: 0,
      z: 'a4',
      src: hash,
      naturalW: 4,
      naturalH: 2,
    });
    const grant = 'G'.repeat(43);
    const text = encodeFragment([a, picture], lookup, (h) => (h === hash ? grant : undefined));
    expect(readFragment(text)).toEqual({ items: [a, picture], grants: { [hash]: grant } });
    expect(decodeFragment(text)).toEqual([a, picture]);
    // Nothing known, nothing carried: the text is as before grants existed.
    const plain = encodeFragment([a, picture], lookup, () => undefined);
    expect(JSON.parse(plain)).not.toHaveProperty('grants');
    expect(readFragment(plain)).toEqual({ items: [a, picture], grants: {} });
    expect(readFragment(encodeFragment([a], lookup, () => grant))!.grants).toEqual({});
  });

  it.each([
    ['not an object', 'grants'],
    ['a list', [['ab'.repeat(32), 'G'.repeat(43)]]],
    ['a malformed grant', { ['ab'.repeat(32)]: 'G'.repeat(42) }],
    ['a grant of a number', { ['ab'.repeat(32)]: 42 }],
    ['a grant for a picture not copied', { ['cd'.repeat(32)]: 'G'.repeat(43) }],
  ])('pastes the items of a fragment whose grants are %s, without them', (_name, grants) => {
    const hash = 'ab'.repeat(32);
    const picture = makeImage({
      ...base,
      id: 'p',
      x: 0,
      y: 0,
      z: 'a4',
      src: hash,
      naturalW: 4,
      naturalH: 2,
    });
    const text = JSON.stringify({
      kind: FRAGMENT_KIND,
      schemaVersion: 1,
      items: [picture],
      grants,
    });
    expect(readFragment(text)).toEqual({ items: [picture], grants: {} });
  });

  it('pastes with fresh ids, on top, moved, re-wiring copied ends and detaching the others', () => {
    let n = 0;
    const decoded = decodeFragment(encodeFragment([a, link], lookup))!;
    const pasted = instantiateFragment(decoded, {
      newId: () => `new${++n}`,
      dx: 10,
      dy: 20,
      topZ: 'a9',
      createdBy: 'bob',
      now: 5,
    });
    expect(pasted.map((i) => i.id)).toEqual(['new1', 'new2']);
    expect(pasted.every((i) => i.z > 'a9' && i.createdBy === 'bob')).toBe(true);
    expect(pasted[0]!.z < pasted[1]!.z).toBe(true);
    expect(pasted[0]).toMatchObject({ x: 10, y: 20, text: 'hello' });
    const connector = pasted[1] as typeof link;
    expect(connector.from).toEqual({ itemId: 'new1', x: 210, y: 120 });
    expect(connector.to).toEqual({ itemId: null, x: 410, y: 120 });
    const doc = new Y.Doc();
    addItems(doc, pasted);
    expect(readItems(doc)).toHaveLength(2);
  });

  it('gives pasted groups fresh group ids, the same for members of one group', () => {
    let n = 0;
    const grouped = [
      { ...a, groupIds: ['inner', 'outer'] },
      { ...b, groupIds: ['outer'] },
    ];
    const pasted = instantiateFragment(grouped, {
      newId: () => `new${++n}`,
      dx: 0,
      dy: 0,
      topZ: 'a9',
      createdBy: 'bob',
      now: 5,
    });
    expect(pasted.map((i) => i.groupIds)).toEqual([['new3', 'new4'], ['new4']]);
  });
});

describe('deleting items with connectors', () => {
  it('detaches a connector from a deleted item at its last point, and removes one left with no item', () => {
    const doc = new Y.Doc();
    const c = makeShape({ ...base, id: 'c', x: 400, y: 400, z: 'a4' }, 1);
    const link2 = makeConnector(
      {
        ...base,
        id: 'k2',
        z: 'a5',
        from: { itemId: 'b', x: 0, y: 0 },
        to: { itemId: 'c', x: 0, y: 0 },
      },
      1,
    );
    addItems(doc, [a, b, c, link, link2]);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    deleteItems(doc, ['a', 'b', 'missing']);
    expect(transactions).toBe(1);
    const left = new Map(readItems(doc).map((i) => [i.id, i]));
    expect([...left.keys()].sort()).toEqual(['c', 'k2']);
    // The end sits where the line from b's centre towards c's centre left b's bottom edge.
    const from = (left.get('k2') as typeof link2).from;
    expect(from.itemId).toBeNull();
    expect(from.x).toBeCloseTo(450 + 50 * (100 / 360), 9);
    expect(from.y).toBeCloseTo(200, 9);
    expect((left.get('k2') as typeof link2).to.itemId).toBe('c');
  });
});
