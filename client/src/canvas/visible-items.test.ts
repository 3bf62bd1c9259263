import {
  addItems,
  boxesIntersect,
  indicesBetween,
  makeConnector,
  makeFrame,
  makePen,
  makeShape,
  updateItem,
} from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from '../editor/editor';
import { at } from '../editor/test-board';
import { snapBox } from '../editor/snapping';
import { createStore } from '../lib/store';
import { BLOCKS_BELOW_SCALE } from './culling';
import { createVisibleItems, MAX_CHANGE_BOXES } from './visible-items';

/** A 100×100 grid of 80×80 shapes, 100 apart: item `s{row}-{col}` at (col·100, row·100). */
function gridBoard(rows = 100, columns = 100) {
  const doc = new Y.Doc();
  const keys = indicesBetween(null, null, rows * columns);
  const items = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      items.push(
        makeShape(
          {
            id: `s${r}-${c}`,
            x: c * 100,
            y: r * 100,
            w: 80,
            h: 80,
            z: keys[items.length]!,
            createdBy: 'seed',
          },
          1,
        ),
      );
    }
  }
  addItems(doc, items);
  const editor = createBoardEditor(doc, 'editor', 'Ada');
  editor.canvasSize.set({ width: 1000, height: 800 });
  return { doc, editor };
}

/** Frames driven by hand: `run()` plays the callbacks queued for the next frame. */
function manualFrames() {
  let queued: (() => void)[] = [];
  return {
    nextFrame: (callback: () => void) => {
      queued.push(callback);
      return () => {
        queued = queued.filter((c) => c !== callback);
      };
    },
    run() {
      const now = queued;
      queued = [];
      now.forEach((callback) => callback());
    },
    get pending() {
      return queued.length;
    },
  };
}

/** Items touching the view's edges (1000 × 800 at zoom 1 from (0, 0)) count as in it. */
const inView = (id: string) => {
  const [r, c] = id.slice(1).split('-').map(Number) as [number, number];
  return r <= 8 && c <= 10;
};

/** A grid board with its visible items, mounting `mountsPerFrame` nodes a hand-driven frame. */
function setup(mountsPerFrame = 1000, rows = 100, columns = 100) {
  const { doc, editor } = gridBoard(rows, columns);
  const frames = manualFrames();
  const visible = createVisibleItems(editor, { mountsPerFrame, nextFrame: frames.nextFrame });
  return { doc, editor, frames, visible };
}

describe('visible items', () => {
  it('mounts the items in and near the view as nodes, bottom first, and nothing else', () => {
    const { editor, visible } = setup();
    const { nodes, blocks } = visible.get();
    expect(nodes).toContain('s0-0');
    expect(nodes).toContain('s7-9');
    expect(nodes).not.toContain('s50-50');
    expect(nodes.length).toBeLessThan(300);
    expect(blocks).toEqual([]);
    const order = editor.items.order.get();
    const ranks = nodes.map((id) => order.indexOf(id));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    visible.dispose();
  });

  it('mounts the whole view at once while the board opens, the rest of its reach over frames', () => {
    const { frames, visible } = setup(30);
    const first = visible.get();
    // The view (rows 0-8, columns 0-10, items touching its edges included) in one go.
    expect(first.nodes).toHaveLength(99);
    expect(first.nodes.every(inView)).toBe(true);
    // Its margin, not on screen, is drawn as blocks until mounted in the next frames.
    expect(first.blocks.length).toBeGreaterThan(0);
    expect(first.blocks.some(inView)).toBe(false);
    frames.run();
    expect(visible.get().nodes.length).toBe(99 + 30);
    while (frames.pending) frames.run();
    expect(visible.get().blocks).toEqual([]);
    expect(visible.get().nodes.length).toBe(first.nodes.length + first.blocks.length);
    visible.dispose();
  });

  it('mounts fewer nodes a frame while its frames come late, and more again once they come on time', () => {
    const { editor } = gridBoard();
    const frames = manualFrames();
    let time = 0;
    const visible = createVisibleItems(editor, {
      mountsPerFrame: 40,
      nextFrame: frames.nextFrame,
      now: () => time,
    });
    const mountedNow = () => visible.get().nodes.length;
    // Each frame of mounting `late` ms after the one before; returns the batch each one mounted.
    const mountFrames = (count: number, late: number) => {
      const batches: number[] = [];
      for (let i = 0; i < count && frames.pending; i++) {
        const before = mountedNow();
        time += late;
        frames.run();
        batches.push(mountedNow() - before);
      }
      return batches;
    };
    while (frames.pending) mountFrames(1, 16);
    // A jump to another part of the board: hundreds of nodes to mount, 40 in the first frame.
    editor.viewport.set({ x: -5000, y: -5000, scale: 1 });
    expect(mountedNow()).toBe(40);
    // Frames 50 ms apart (each batch cost three frames): halved down to the fewest.
    expect(mountFrames(4, 50)).toEqual([20, 10, 5, 5]);
    // Frames on time: back up by 5 a frame.
    expect(mountFrames(3, 16)).toEqual([10, 15, 20]);
    // A frame between the two neither grows nor shrinks them.
    expect(mountFrames(1, 25)).toEqual([20]);
    // The batch learnt stays for the next jump: a slow machine stays slow.
    mountFrames(1, 50);
    while (frames.pending) mountFrames(1, 25);
    editor.viewport.set({ x: -2000, y: -2000, scale: 1 });
    expect(mountedNow()).toBe(10);
    visible.dispose();
  });

  it('spreads mounting over frames once open, items in view first, drawing the rest as blocks meanwhile', () => {
    const { editor, frames, visible } = setup(30);
    while (frames.pending) frames.run();
    // A jump to another part of the board, after the first frame.
    editor.viewport.set({ x: -5000, y: -5000, scale: 1 });
    const inViewThere = (id: string) => {
      const [r, c] = id.slice(1).split('-').map(Number) as [number, number];
      return r >= 50 && r <= 58 && c >= 50 && c <= 60;
    };
    const first = visible.get();
    expect(first.nodes).toHaveLength(30);
    expect(first.nodes.every(inViewThere)).toBe(true);
    // Everything not mounted yet is drawn as a block: nothing in reach is missing.
    expect(first.nodes.length + first.blocks.length).toBeGreaterThan(80);
    expect(first.blocks.some((id) => first.nodes.includes(id))).toBe(false);
    let rounds = 0;
    while (frames.pending) {
      frames.run();
      rounds++;
      expect(visible.get().nodes.length).toBeLessThanOrEqual(30 * (rounds + 1));
    }
    const settled = visible.get();
    expect(settled.blocks).toEqual([]);
    expect(settled.nodes.length).toBe(first.nodes.length + first.blocks.length);
    visible.dispose();
  });

  it('draws only blocks far out, and mounts nodes again when zooming back in', () => {
    const { editor, visible } = setup();
    editor.viewport.set({ x: 0, y: 0, scale: BLOCKS_BELOW_SCALE - 0.05 });
    expect(visible.get().nodes).toEqual([]);
    expect(visible.get().blocks.length).toBeGreaterThan(500);
    editor.viewport.set({ x: 0, y: 0, scale: 1 });
    expect(visible.get().blocks).toEqual([]);
    expect(visible.get().nodes).toContain('s0-0');
    visible.dispose();
  });

  it('keeps its value while panning inside the margin or editing items out of reach', () => {
    const { doc, editor, visible } = setup();
    const before = visible.get();
    editor.viewport.set({ x: -20, y: -30, scale: 1 });
    updateItem(doc, 's90-90', { x: 9001 });
    expect(visible.get()).toBe(before);
    // An item moved into view is mounted at once.
    updateItem(doc, 's90-91', { x: 300, y: 300 });
    expect(visible.get().nodes).toContain('s90-91');
    visible.dispose();
  });

  it('mounts what canvases grown beyond the window show while they are, and no more after', () => {
    const { editor } = gridBoard(100, 100);
    const drawnMargin = createStore(0);
    const visible = createVisibleItems(editor, {
      mountsPerFrame: 10_000,
      nextFrame: manualFrames().nextFrame,
      drawnMargin,
    });
    const atRest = visible.get().nodes.length;
    // The window is 1000 × 800 at zoom 1 from (0, 0): notes are 100 apart.
    expect(visible.get().nodes).not.toContain('s12-12');
    drawnMargin.set(256);
    expect(visible.get().nodes).toContain('s12-12');
    expect(visible.get().nodes.length).toBeGreaterThan(atRest);
    drawnMargin.set(0);
    expect(visible.get().nodes).toHaveLength(atRest);
    visible.dispose();
  });

  it('mounts every item at once with culling off (the naive baseline and exports)', () => {
    const { editor, visible } = setup(10, 30, 30);
    editor.culling.set(false);
    expect(visible.get().nodes).toHaveLength(900);
    expect(visible.get().blocks).toEqual([]);
    visible.dispose();
  });

  it('reports each change with where the item was and is (for partial redraws)', () => {
    const { doc, visible } = setup();
    const changes: { ids: string[]; boxes: unknown[] }[] = [];
    const stop = visible.subscribeChanges(({ ids, boxes }) =>
      changes.push({ ids: [...ids], boxes: [...(boxes ?? [])] }),
    );
    updateItem(doc, 's1-1', { x: 150, y: 120 });
    expect(changes).toEqual([
      {
        ids: ['s1-1'],
        boxes: [
          expect.objectContaining({ x: 100, y: 100 }),
          expect.objectContaining({ x: 150, y: 120 }),
        ],
      },
    ]);
    stop();
    visible.dispose();
  });

  it('reports a change of many items without their boxes (a board arriving is drawn in full)', () => {
    const { doc, visible } = setup();
    const changes: { ids: number; boxes: readonly unknown[] | null }[] = [];
    const stop = visible.subscribeChanges(({ ids, boxes }) =>
      changes.push({ ids: ids.size, boxes }),
    );
    doc.transact(() => {
      for (let i = 0; i <= MAX_CHANGE_BOXES; i++)
        updateItem(doc, `s${2 + Math.floor(i / 100)}-${i % 100}`, { x: (i % 100) * 100 + 5 });
    });
    updateItem(doc, 's6-3', { y: 650 });
    expect(changes).toEqual([
      { ids: MAX_CHANGE_BOXES + 1, boxes: null },
      { ids: 1, boxes: [expect.objectContaining({ y: 600 }), expect.objectContaining({ y: 650 })] },
    ]);
    // The index is up to date all the same.
    expect(visible.index.boxOf('s2-7')).toEqual(expect.objectContaining({ x: 705, y: 200 }));
    stop();
    visible.dispose();
  });

  it("answers the editor's hit tests, marquee and snap targets from its tree as a scan does", () => {
    const { doc, editor, visible } = setup(1000, 30, 30);
    const keys = indicesBetween(null, null, 6);
    // Over and around the grid: a rotated shape, a narrow frame (its title is hit beyond its
    // width), a thick pen stroke and a connector attached to a shape, which follows it.
    addItems(doc, [
      makeShape(
        { id: 'turned', x: 150, y: 150, w: 200, h: 40, rotation: 30, z: keys[5]!, createdBy: 't' },
        1,
      ),
      makeFrame({ id: 'narrow', x: 400, y: 400, w: 20, h: 300, z: keys[0]!, createdBy: 't' }, 1),
      makePen(
        {
          id: 'ink',
          x: 600,
          y: 100,
          z: keys[4]!,
          createdBy: 't',
          points: [0, 0, 200, 0],
          strokeWidth: 40,
        },
        1,
      ),
      makeConnector(
        {
          id: 'link',
          z: keys[3]!,
          createdBy: 't',
          from: { itemId: 's2-2', x: 240, y: 240 },
          to: { itemId: null, x: 900, y: 700 },
          strokeWidth: 30,
        },
        1,
      ),
    ]);
    const ask = () => {
      const answers: unknown[] = [];
      for (let x = -50; x <= 1100; x += 19) {
        for (let y = -50; y <= 900; y += 17) {
          const point = { x, y };
          answers.push(editor.itemAt(point)?.id, editor.attachableAt(point)?.id);
        }
      }
      for (const box of [
        { x: 0, y: 0, w: 1000, h: 800 },
        { x: 120, y: 130, w: 260, h: 90 },
        { x: 380, y: 350, w: 80, h: 400 },
      ]) {
        answers.push(editor.itemsInBox(box).map((item) => item.id));
      }
      for (const near of [
        { x: 290, y: 290, w: 80, h: 80 },
        { x: 610, y: 95, w: 50, h: 30 },
      ]) {
        answers.push(editor.snapTargets(new Set(['s3-3']), near, 6));
      }
      return answers;
    };
    const check = () => {
      const indexed = ask();
      const detach = editor.attachItemIndex({ search: () => [...editor.items.order.get()] });
      // Every item from the "index" gives what a scan gives: the same answers, both ways.
      const all = ask();
      detach();
      expect(indexed).toEqual(all);
      return indexed;
    };
    const first = check();
    expect(first).toContain('narrow');
    expect(first).toContain('ink');
    expect(first).toContain('link');
    expect(first).toContain('turned');
    // After moves the tree follows the items (the connector follows its end).
    updateItem(doc, 's2-2', { x: 500, y: 600 });
    updateItem(doc, 'turned', { x: 700, y: 300 });
    check();
    // Detached, the editor scans the board and still answers the same.
    const indexed = ask();
    visible.dispose();
    expect(ask()).toEqual(indexed);
  });

  it('gives a drag the items level with it as snap targets, which snap it as all in view would', () => {
    const { editor, visible } = setup(1000, 100, 100);
    // 10 % zoom: 8,000 of the 10,000 shapes in view, as a whole-board view of a big board shows.
    editor.viewport.set({ x: 0, y: 0, scale: 0.1 });
    const view = editor.visibleBox();
    const inView = editor.items
      .get()
      .filter((item) => item.id !== 's40-40')
      .map((item) => editor.itemBox(item))
      .filter((box) => boxesIntersect(box, view));
    expect(inView.length).toBeGreaterThan(7900);
    const reach = 6 / 0.1;
    const moving = new Set(['s40-40']);
    let most = 0;
    let guided = 0;
    // The shape dragged across and beside its neighbours, through snapping and non-snapping spots.
    for (let dx = -150; dx <= 150; dx += 7) {
      for (let dy = -150; dy <= 150; dy += 11) {
        const box = { x: 4000 + dx, y: 4000 + dy, w: 80, h: 80 };
        const targets = editor.snapTargets(moving, box, reach);
        most = Math.max(most, targets.length);
        const snap = snapBox(box, targets, reach);
        expect(snap).toEqual(snapBox(box, inView, reach));
        if (snap.guides.length === 2) guided++;
      }
    }
    expect(guided).toBeGreaterThan(100);
    // At most a column and a row of the view, five shapes wide: not every item in view.
    expect(most).toBeLessThanOrEqual(5 * 80 + 5 * 100);
    expect(most).toBeLessThan(inView.length / 8);
    // A drag with the select tool, which keeps the targets of a region while it stays in it, lands
    // where snapping to every other item in view puts it at each step.
    const pressed = editor.itemAt({ x: 4040, y: 4040 })!;
    const others = editor.items
      .get()
      .filter((item) => item.id !== pressed.id)
      .map((item) => editor.itemBox(item))
      .filter((box) => boxesIntersect(box, view));
    editor.pointerDown(at(4040, 4040));
    for (let step = 1; step <= 60; step++) {
      const [dx, dy] = [40 + 13 * step, -7 * step];
      editor.pointerMove(at(4040 + dx, 4040 + dy));
      const box = { ...editor.itemBox(pressed), x: pressed.x + dx, y: pressed.y + dy };
      const snap = snapBox(box, others, reach);
      expect(editor.items.byId(pressed.id)).toMatchObject({
        x: box.x + snap.dx,
        y: box.y + snap.dy,
      });
      expect(editor.overlay.get().guides).toEqual(snap.guides);
    }
    editor.pointerUp(at(4040 + 40 + 13 * 60, 4040 - 7 * 60));
    visible.dispose();
  });
});
