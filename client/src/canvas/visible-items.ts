import type { Box } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { whenIdle } from '../lib/idle';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';
import { areaServes, cullArea, levelOfDetail } from './culling';
import { createSpatialIndex } from './spatial-index';
import type { SpatialIndex } from './spatial-index';

/** What the items layer draws, each list bottom first. */
export interface CanvasItems {
  /** Items drawn in full, one node each. */
  nodes: readonly string[];
  /** Items drawn as plain blocks: all of them far out, else those whose node is not mounted yet. */
  blocks: readonly string[];
}

/** Items that changed, with the connectors that follow them, and where they were and are now. */
export interface ChangedArea {
  ids: ReadonlySet<string>;
  /**
   * Board boxes: each changed item's bounds before and after the change; null for a change of more
   * than MAX_CHANGE_BOXES items (a board arriving, an import), which is redrawn in full.
   */
  boxes: readonly Box[] | null;
}

/** Changes of more items than this come without their boxes (ChangedArea). */
export const MAX_CHANGE_BOXES = 200;

export interface VisibleItems extends Store<CanvasItems> {
  /** The R-tree behind culling (also answers "where is the content" without a scan). */
  readonly index: SpatialIndex;
  /** Calls `listener` for every batch of item changes, before anything is redrawn. */
  subscribeChanges(listener: (change: ChangedArea) => void): () => void;
  dispose(): void;
}

export interface VisibleItemsOptions {
  /**
   * Nodes mounted per frame at most; the rest are drawn as blocks until their turn. Fewer while
   * frames of mounting come late (see mountSome).
   */
  mountsPerFrame?: number;
  /** The time in milliseconds (performance.now in the browser), to see how long frames take. */
  now?: () => number;
  /**
   * Nodes in view mounted at once, at most, while the board opens (until the first frame after
   * this is created): its first view is drawn whole instead of over several frames.
   */
  mountsAtOpening?: number;
  /** Runs a callback at the next frame (requestAnimationFrame in the browser). */
  nextFrame?: (callback: () => void) => () => void;
  /** Screen pixels beyond each side of the window that the canvases draw (0 at rest). */
  drawnMargin?: Store<number>;
  /**
   * Runs work once the page is idle (whenIdle in the browser): the R-tree's bulk load of a board
   * arriving, which the first frame does without. Null: at once.
   */
  later?: ((work: () => void) => void) | null;
}

/** Mounting a node (React, Konva and text layout) costs ~0.1 ms: 40 fit a frame with room left. */
const MOUNTS_PER_FRAME = 40;
/**
 * A frame of mounting that comes this long after the one before came late: the batch before it,
 * its render and its draw took more than a frame (a slower machine: ~0.65 ms a mount on a 2-core
 * AMD EPYC whose first batch of 40 at a zoom over 1,000 notes was a 75 ms task).
 */
const LATE_FRAME_MS = 30;
/** A frame of mounting this soon after the one before had room for more. */
const ON_TIME_FRAME_MS = 20;
/** The fewest nodes mounted a frame, however slow the machine. */
const MIN_MOUNTS_PER_FRAME = 5;
/**
 * While the board opens nothing is on screen yet, so no frame is kept smooth by spreading the
 * view's mounts: each batch of 40 cost a render and a draw of the whole layer of its own (100
 * notes fitted on open: three renders and draws, the first with 60 of them as blocks). A bound
 * still, for a view of thousands of tiny items.
 */
const MOUNTS_AT_OPENING = 300;

const EMPTY: readonly string[] = [];

const grow = (box: Box, by: number): Box => ({
  x: box.x - by,
  y: box.y - by,
  w: box.w + 2 * by,
  h: box.h + 2 * by,
});

const animationFrame = (callback: () => void) => {
  const handle = requestAnimationFrame(callback);
  return () => cancelAnimationFrame(handle);
};

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((id, i) => id === b[i]));

/**
 * The items to draw and how: those whose bounds meet the viewport (plus a margin), as nodes, or
 * as blocks when zoomed far out (see levelOfDetail). Culling is an R-tree query, repeated only
 * when the view leaves the area queried last or items change, so panning over a steady board
 * costs nothing per frame. Nodes are mounted at most `mountsPerFrame` a frame, those in view
 * first; until its turn an item is drawn as a block, so a zoom or a jump that brings hundreds
 * of items into reach spreads their mounting over a few frames instead of freezing one. The
 * value only changes identity when a list changes, so edits to off-screen items re-render nothing.
 */
export function createVisibleItems(
  editor: BoardEditor,
  {
    mountsPerFrame = MOUNTS_PER_FRAME,
    mountsAtOpening = MOUNTS_AT_OPENING,
    nextFrame = animationFrame,
    drawnMargin = createStore(0),
    later = whenIdle,
    now = () => performance.now(),
  }: VisibleItemsOptions = {},
): VisibleItems {
  const store = createStore<CanvasItems>({ nodes: EMPTY, blocks: EMPTY });
  const index = createSpatialIndex(editor.items.byId, later ?? undefined);
  let position = new Map<string, number>();
  let area: Box | null = null;
  let lod = levelOfDetail(editor.viewport.get().scale);
  // Items in the area, bottom first; those of them mounted as nodes; those waiting for a mount.
  let hits: readonly string[] = EMPTY;
  let inHits = new Set<string>();
  let mounted = new Set<string>();
  let waiting: string[] = [];
  let cancelFrame: (() => void) | null = null;
  // Nodes mounted a frame now, and when the last frame of mounting ran if it asked for this one.
  let perFrame = mountsPerFrame;
  let askedAt: number | null = null;
  // The board opens until the first frame after this (the camera fitted to the board on opening
  // moves in that frame, before the items' first draw): its view is mounted at once meanwhile.
  let opening = true;
  const endOpening = nextFrame(() => {
    opening = false;
  });
  const changeListeners = new Set<(change: ChangedArea) => void>();

  const indexOrder = () => {
    // A loop, not `new Map(order.map(...))`: no [id, i] pair per item of a board arriving.
    const order = editor.items.order.get();
    position = new Map();
    for (let i = 0; i < order.length; i++) position.set(order[i]!, i);
  };

  const publish = () => {
    const current = store.get();
    const full = lod === 'full';
    const nodes = full ? hits.filter((id) => mounted.has(id)) : EMPTY;
    const blocks = !full ? hits : waiting.length ? hits.filter((id) => !mounted.has(id)) : EMPTY;
    if (sameIds(current.nodes, nodes) && sameIds(current.blocks, blocks)) return;
    store.set({ nodes, blocks });
  };

  /**
   * Mounts the next batch of waiting nodes (`count` at least: the view at the opening). Each
   * frame of mounting renders and draws a batch; when the next frame comes late (the batch cost
   * more than a frame), the batches halve, and they grow back by an eighth of mountsPerFrame
   * while frames come on time: the batch fits the machine instead of being a long task on a
   * slower one.
   */
  const mountSome = (count = 0) => {
    cancelFrame = null;
    const at = now();
    if (askedAt !== null) {
      const took = at - askedAt;
      const fewest = Math.min(MIN_MOUNTS_PER_FRAME, mountsPerFrame);
      if (took >= LATE_FRAME_MS) perFrame = Math.max(fewest, Math.floor(perFrame / 2));
      else if (took < ON_TIME_FRAME_MS)
        perFrame = Math.min(mountsPerFrame, perFrame + Math.ceil(mountsPerFrame / 8));
    }
    askedAt = null;
    const batch = waiting.splice(0, Math.max(count, perFrame));
    for (const id of batch) mounted.add(id);
    publish();
    if (!waiting.length) return;
    askedAt = at;
    cancelFrame = nextFrame(() => mountSome());
  };

  const recompute = (force: boolean) => {
    let burst = 0;
    const nextLod = editor.culling.get() ? levelOfDetail(editor.viewport.get().scale) : 'full';
    const lodChanged = nextLod !== lod;
    lod = nextLod;
    if (!editor.culling.get()) {
      // The naive baseline: every item, mounted at once.
      area = null;
      hits = editor.items.order.get();
      inHits = new Set();
      mounted = new Set(hits);
      waiting = [];
    } else {
      // While panning, the canvases reach beyond the window (camera-shift.ts): what they show
      // there must be mounted too.
      const view = grow(editor.visibleBox(), drawnMargin.get() / editor.viewport.get().scale);
      if (!force && !lodChanged && area && areaServes(area, view)) return;
      area = cullArea(view);
      const found = index.search(area);
      found.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
      hits = found;
      const inArea = new Set(found);
      inHits = inArea;
      mounted = lod === 'full' ? new Set([...mounted].filter((id) => inArea.has(id))) : new Set();
      if (lod === 'full') {
        const inView = new Set(index.search(editor.visibleBox()));
        const missing = found.filter((id) => !mounted.has(id));
        const missingInView = missing.filter((id) => inView.has(id));
        waiting = [...missingInView, ...missing.filter((id) => !inView.has(id))];
        if (opening) burst = Math.min(missingInView.length, mountsAtOpening);
      } else {
        waiting = [];
      }
    }
    cancelFrame?.();
    cancelFrame = null;
    askedAt = null;
    if (waiting.length) mountSome(burst);
    else publish();
  };

  /**
   * Whether changed items leave the lists as they are: each was in the area queried last and still
   * is (only moved or edited inside it), or was not and still is not. The usual remote move then
   * costs no query. Restacking comes through the order store, which recomputes.
   */
  const listsHold = (ids: Iterable<string>) => {
    if (!area || !editor.culling.get()) return false;
    for (const id of ids) {
      const box = index.boxOf(id);
      const inside =
        !!box &&
        box.x <= area.x + area.w &&
        area.x <= box.x + box.w &&
        box.y <= area.y + area.h &&
        area.y <= box.y + box.h;
      if (inside !== inHits.has(id)) return false;
    }
    return true;
  };

  index.reset(editor.items.order.get());
  indexOrder();
  recompute(true);
  const stops = [
    // Hit tests, the marquee and snapping ask the tree too (editor/queries.ts).
    editor.attachItemIndex(index),
    editor.items.subscribeChanges((ids) => {
      const touched = index.affected(ids);
      if (changeListeners.size === 0) {
        index.update(ids);
      } else if (touched.size > MAX_CHANGE_BOXES) {
        // Not two boxes for each of 10,000 notes while a board arrives, in the task applying it.
        index.update(ids);
        for (const listener of [...changeListeners]) listener({ ids: touched, boxes: null });
      } else {
        const boxesOf = () => [...touched].flatMap((id) => index.boxOf(id) ?? []);
        const before = boxesOf();
        index.update(ids);
        const boxes = [...before, ...boxesOf()];
        for (const listener of [...changeListeners]) listener({ ids: touched, boxes });
      }
      if (!listsHold(touched)) recompute(true);
    }),
    editor.items.order.subscribe(() => {
      indexOrder();
      recompute(true);
    }),
    editor.viewport.subscribe(() => recompute(false)),
    editor.canvasSize.subscribe(() => recompute(false)),
    editor.culling.subscribe(() => recompute(true)),
    // Growing mounts what the wider canvases show; shrinking unmounts it again, so zoom frames
    // draw no more than the window needs.
    drawnMargin.subscribe(() => recompute(true)),
  ];
  return {
    ...store,
    index,
    subscribeChanges(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    dispose: () => {
      stops.forEach((stop) => stop());
      endOpening();
      cancelFrame?.();
    },
  };
}
