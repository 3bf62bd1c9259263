import { describe, expect, it } from 'vitest';
import { MinimapBlocks } from './minimap-blocks';
import type { Block } from './minimap-blocks';

type Drawn = Omit<Block, 'id' | 'minX' | 'minY' | 'maxX' | 'maxY'>;

function board(items: Record<string, Drawn>) {
  const all = new Map(Object.entries(items));
  const blocks = new MinimapBlocks((id) => all.get(id) ?? null);
  for (const id of all.keys()) blocks.read(id);
  return { all, blocks };
}

const block = (x: number, y: number, z: string): Drawn => ({
  box: { x, y, w: 100, h: 100 },
  fill: '#fde68a',
  frame: false,
  z,
});

describe('minimap blocks', () => {
  it('gives the blocks meeting an area bottom first, following moves, restacks and deletions', () => {
    const { all, blocks } = board({
      top: block(0, 0, 'a2'),
      bottom: block(50, 50, 'a0'),
      far: block(5000, 5000, 'a1'),
    });
    const ids = (box = { x: 0, y: 0, w: 200, h: 200 }) => blocks.near(box).map((b) => b.id);
    expect(ids()).toEqual(['bottom', 'top']);
    // The tree exists now: changes reach it one item at a time.
    all.set('far', block(10, 10, 'a1'));
    blocks.read('far');
    expect(ids()).toEqual(['bottom', 'far', 'top']);
    all.set('bottom', block(50, 50, 'a3'));
    blocks.read('bottom');
    expect(ids()).toEqual(['far', 'top', 'bottom']);
    all.delete('top');
    blocks.read('top');
    expect(ids()).toEqual(['far', 'bottom']);
    expect(blocks.get('top')).toBeUndefined();
    expect(ids({ x: 4000, y: 4000, w: 2000, h: 2000 })).toEqual([]);
  });

  it('rebuilds its tree after a batch dropped it', () => {
    const { all, blocks } = board({ a: block(0, 0, 'a0') });
    expect(blocks.near({ x: 0, y: 0, w: 10, h: 10 }).map((b) => b.id)).toEqual(['a']);
    blocks.dropIndex();
    for (let i = 0; i < 300; i++) {
      all.set(`n${i}`, block(i * 200, 0, `b${i}`));
      blocks.read(`n${i}`);
    }
    expect(blocks.near({ x: 290, y: 0, w: 120, h: 10 }).map((b) => b.id)).toEqual(['n1', 'n2']);
    expect([...blocks.values()].length).toBe(301);
  });

  it('builds its tree when the page is idle after reading the board or a batch, not at the next change', () => {
    const all = new Map([
      ['a', block(0, 0, 'a0')],
      ['b', block(500, 0, 'a1')],
    ]);
    const waiting: (() => void)[] = [];
    const blocks = new MinimapBlocks(
      (id) => all.get(id) ?? null,
      (work) => waiting.push(work),
    );
    blocks.readAll(all.keys());
    expect(blocks.indexed).toBe(false);
    expect(waiting).toHaveLength(1);
    waiting.shift()!();
    expect(blocks.indexed).toBe(true);
    // The change after it reaches the tree (no rebuild needed to find it).
    all.set('b', block(20, 20, 'a1'));
    blocks.read('b');
    expect(blocks.near({ x: 0, y: 0, w: 50, h: 50 }).map((b) => b.id)).toEqual(['a', 'b']);
    // A batch (the board arriving from the server) drops the tree; it is built again when idle.
    blocks.dropIndex();
    for (let i = 0; i < 300; i++) {
      all.set(`n${i}`, block(i * 200, 1000, `b${i}`));
      blocks.read(`n${i}`);
    }
    expect(blocks.indexed).toBe(false);
    expect(waiting).toHaveLength(1);
    waiting.shift()!();
    expect(blocks.indexed).toBe(true);
    expect(blocks.near({ x: 290, y: 1000, w: 120, h: 10 }).map((b) => b.id)).toEqual(['n1', 'n2']);
  });

  it('reads a batch in bulk even when the tree was built again before the batch was read', () => {
    const all = new Map([['a', block(0, 0, 'a0')]]);
    const waiting: (() => void)[] = [];
    const blocks = new MinimapBlocks(
      (id) => all.get(id) ?? null,
      (work) => waiting.push(work),
    );
    blocks.readAll(all.keys());
    waiting.shift()!();
    // The minimap's order when a board arrives: the batch drops the tree, whose idle build runs
    // before the idle read of the batch.
    blocks.dropIndex();
    waiting.shift()!();
    expect(blocks.indexed).toBe(true);
    for (let i = 0; i < 300; i++) all.set(`n${i}`, block(i * 200, 1000, `b${i}`));
    blocks.readAll([...all.keys()].slice(1));
    // Read without the tree, which is loaded in one go when idle again.
    expect(blocks.indexed).toBe(false);
    expect(waiting).toHaveLength(1);
    waiting.shift()!();
    expect(blocks.indexed).toBe(true);
    expect(blocks.near({ x: 290, y: 1000, w: 120, h: 10 }).map((b) => b.id)).toEqual(['n1', 'n2']);
    expect(blocks.near({ x: 0, y: 0, w: 10, h: 10 }).map((b) => b.id)).toEqual(['a']);
  });

  it('builds no tree for a minimap gone before the page was idle', () => {
    const waiting: (() => void)[] = [];
    const blocks = new MinimapBlocks(
      () => block(0, 0, 'a0'),
      (work) => waiting.push(work),
    );
    blocks.readAll(['a']);
    blocks.dispose();
    waiting[0]!();
    expect(blocks.indexed).toBe(false);
  });
});
