import { makeConnector, makeShape, makeSticky } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSpatialIndex } from './spatial-index';

const base = { z: 'a0', createdBy: 't' };

function board(items: BoardItem[]) {
  const all = new Map(items.map((item) => [item.id, item]));
  const index = createSpatialIndex((id) => all.get(id));
  return { all, index };
}

describe('spatial index', () => {
  it('finds items whose bounds meet a box, and forgets deleted ones', () => {
    const a = makeSticky({ ...base, id: 'a', x: 0, y: 0 });
    const b = makeSticky({ ...base, id: 'b', x: 5000, y: 5000 });
    const { all, index } = board([a, b]);
    index.reset(['a', 'b']);
    expect(index.search({ x: -10, y: -10, w: 50, h: 50 })).toEqual(['a']);
    expect(index.search({ x: 4000, y: 4000, w: 2000, h: 2000 })).toEqual(['b']);
    all.delete('a');
    index.update(['a']);
    expect(index.search({ x: -10, y: -10, w: 50, h: 50 })).toEqual([]);
    expect(index.size).toBe(1);
  });

  it('moves an item, and the connectors attached to it follow', () => {
    const a = makeShape({ ...base, id: 'a', x: 0, y: 0, w: 100, h: 100 });
    const b = makeShape({ ...base, id: 'b', x: 300, y: 0, w: 100, h: 100 });
    const k = makeConnector({
      ...base,
      id: 'k',
      from: { itemId: 'a', x: 0, y: 0 },
      to: { itemId: 'b', x: 0, y: 0 },
    });
    const { all, index } = board([a, b, k]);
    index.reset(['a', 'b', 'k']);
    const far = { x: 9000, y: 9000, w: 100, h: 100 };
    expect(index.search(far)).toEqual([]);
    all.set('b', { ...b, x: 9000, y: 9000 });
    index.update(['b']);
    expect(index.search(far).sort()).toEqual(['b', 'k']);
    expect(index.bounds()).toMatchObject({ x: 0, y: 0 });
  });

  it('defers the bulk load of a large batch and answers the same before and after it', () => {
    const items = Array.from({ length: 1200 }, (_, i) =>
      makeSticky({ ...base, id: `n${i}`, x: (i % 40) * 240, y: Math.floor(i / 40) * 240 }),
    );
    const all = new Map<string, BoardItem>();
    const waiting: (() => void)[] = [];
    const index = createSpatialIndex(
      (id) => all.get(id),
      (work) => waiting.push(work),
    );
    index.reset([]);
    for (const item of items) all.set(item.id, item);
    index.update(all.keys());
    expect(waiting).toHaveLength(1);
    const view = { x: 100, y: 100, w: 1000, h: 700 };
    const before = index.search(view).sort();
    expect(before.length).toBeGreaterThan(0);
    // A small edit while the load waits is kept too.
    all.set('n0', { ...items[0]!, x: 500, y: 500 });
    index.update(['n0']);
    expect(index.search({ x: 490, y: 490, w: 20, h: 20 })).toContain('n0');
    waiting.shift()!();
    expect(index.search(view).sort()).toEqual([...new Set([...before, 'n0'])].sort());
    expect(index.search({ x: -10, y: -10, w: 20, h: 20 })).toEqual([]);
    // A board opening with everything at once defers its load the same way.
    index.reset(all.keys());
    expect(waiting).toHaveLength(1);
    const opened = index.search(view).sort();
    waiting.shift()!();
    expect(index.search(view).sort()).toEqual(opened);
    expect(opened).toContain('n0');
  });

  it('answers like a scan of every item, whatever the edits', () => {
    const item = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      x: fc.integer({ min: -2000, max: 2000 }),
      y: fc.integer({ min: -2000, max: 2000 }),
      gone: fc.boolean(),
    });
    const box = fc.record({
      x: fc.integer({ min: -2500, max: 2500 }),
      y: fc.integer({ min: -2500, max: 2500 }),
      w: fc.integer({ min: 0, max: 3000 }),
      h: fc.integer({ min: 0, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), box, (edits, query) => {
        const { all, index } = board([]);
        index.reset([]);
        for (const edit of edits) {
          if (edit.gone) all.delete(edit.id);
          else all.set(edit.id, makeSticky({ ...base, id: edit.id, x: edit.x, y: edit.y }));
          index.update([edit.id]);
        }
        const scanned = [...all.values()]
          .filter(
            (s) =>
              s.x <= query.x + query.w &&
              s.x + s.w >= query.x &&
              s.y <= query.y + query.h &&
              s.y + s.h >= query.y,
          )
          .map((s) => s.id)
          .sort();
        expect(index.search(query).sort()).toEqual(scanned);
      }),
    );
  });

  it('takes a batch larger than a quarter of the board (a restore) in one bulk load, same answers', () => {
    const items = Array.from({ length: 2000 }, (_, i) =>
      makeSticky({ ...base, id: `s${i}`, x: (i % 50) * 300, y: Math.floor(i / 50) * 300 }),
    );
    const { all, index } = board(items);
    index.reset(items.map((item) => item.id));
    // Move 1,500 of them far away and delete 100 in one batch.
    const batch: string[] = [];
    for (let i = 0; i < 1600; i++) {
      const id = `s${i}`;
      batch.push(id);
      if (i < 100) all.delete(id);
      else all.set(id, { ...all.get(id)!, x: 100_000 + i, y: 100_000 });
    }
    index.update(batch);
    expect(index.size).toBe(1900);
    expect(index.search({ x: 100_000, y: 100_000, w: 2000, h: 500 })).toHaveLength(1500);
    expect(index.search({ x: 0, y: 0, w: 299, h: 299 })).toEqual([]);
    // Untouched items are still found where they were.
    expect(index.search({ x: 0, y: 9600, w: 299, h: 299 })).toEqual(['s1600']);
  });
});
