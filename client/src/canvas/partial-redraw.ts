import type { Box } from '@weboard/shared';
import Konva from 'konva';
import type { BoardEditor } from '../editor/editor';
import { stagePlacement } from './camera-shift';
import type { StagePlacement } from './camera-shift';
import { drawsNothing } from './idle-layers';
import { makingPictures } from './item-pictures';
import { nativeContext, onRequestDraw } from './konva-internals';
import { MAX_CHANGE_BOXES } from './visible-items';
import type { VisibleItems } from './visible-items';

/**
 * How far beyond an item's bounds its drawing can reach, in board units plus screen pixels: the
 * soft shadow (under 30 units) and the planning badges under a card and its warning above it.
 */
const REACH_BOARD = 60;
const REACH_SCREEN = 32;
/**
 * How far a sticky note's drawing reaches beyond its box when nothing else is drawn for it: its
 * shadow (board units, as item-pictures.ts), and a pixel either side for anti-aliasing and
 * pictures copied to whole pixels. A note moved, typed in or recoloured by someone else is most
 * remote changes: its area is then about half as wide as with the reach of planning decorations
 * (a fifth of the pixels cleared, rasterised and drawn over again).
 */
const STICKY_REACH_BOARD = 28;
const STICKY_REACH_SCREEN = 2;
/** Changed areas are merged into their bounds while there are at most this many of them. */
const MAX_MERGED = 16;
/** Past this share of the screen, redrawing everything costs about the same: do that. */
const PARTIAL_LIMIT = 0.4;
/** Past this many changed boxes between two draws, draw in full without looking at them. */
const MAX_BOXES = MAX_CHANGE_BOXES;

interface Pending {
  /** Everything must be drawn again (camera, size, mounts, anything not tied to an item change). */
  full: boolean;
  /** Items whose change was reported (with the connectors that follow them). */
  changed: Set<string>;
  /** The board boxes those items left and entered. */
  boxes: Box[];
  /** Items whose nodes asked for a redraw. */
  touched: Set<string>;
  /** For those, how far their drawing grew beyond their box before (undefined: not known). */
  grownBefore: Map<string, number | undefined>;
}

const fresh = (full: boolean): Pending => ({
  full,
  changed: new Set(),
  boxes: [],
  touched: new Set(),
  grownBefore: new Map(),
});

const areaOf = (b: Box) => b.w * b.h;
const bounds = (a: Box, b: Box): Box => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    w: Math.max(a.x + a.w, b.x + b.w) - x,
    h: Math.max(a.y + a.h, b.y + b.h) - y,
  };
};

/** What a node's name says it is (Konva's hasName splits the name on every call). */
interface Kind {
  item: boolean;
  sticky: boolean;
  decorations: boolean;
  blocks: boolean;
}
const kinds = new Map<string, Kind>();
function kindOf(node: Konva.Node): Kind {
  const name = node.name();
  let kind = kinds.get(name);
  if (!kind) {
    const names = name.split(/\s/g);
    kind = {
      item: names.includes('item'),
      sticky: names.includes('sticky'),
      decorations: names.includes('planning-decorations'),
      blocks: names.includes('blocks'),
    };
    // Names are a handful of fixed ones; the bound is against a node naming itself freely.
    if (kinds.size > 256) kinds.clear();
    kinds.set(name, kind);
  }
  return kind;
}

/** The item a planning decoration or reaction chip is drawn for (Konva's getAttr builds a getter name per call). */
const cardOf = (node: Konva.Node): unknown => (node.attrs as { cardId?: unknown }).cardId;

/**
 * Merges areas whose bounds cover fewer pixels than the two do apart (a note moved a little: where
 * it was and where it is now, nearly the same square): one clear and one clip rectangle instead of
 * two overlapping ones, and no pixel cleared and drawn twice.
 */
export function mergeAreas(areas: readonly Box[]): Box[] {
  const merged = [...areas];
  if (merged.length > MAX_MERGED) return merged;
  for (let again = true; again;) {
    again = false;
    for (let i = 0; i < merged.length && !again; i++) {
      for (let j = i + 1; j < merged.length; j++) {
        const both = bounds(merged[i]!, merged[j]!);
        if (areaOf(both) > areaOf(merged[i]!) + areaOf(merged[j]!)) continue;
        merged[i] = both;
        merged.splice(j, 1);
        again = true;
        break;
      }
    }
  }
  return merged;
}

/** The screen areas each layer's last draw redrew (null: all of it), for tests. */
const lastAreas = new WeakMap<Konva.Layer, readonly Box[] | null>();
export const lastRedrawAreas = (layer: Konva.Layer): readonly Box[] | null | undefined =>
  lastAreas.get(layer);

/** Layers with a tracker, told which node asked them to redraw. */
const trackers = new WeakMap<Konva.Layer, (node: Konva.Node) => void>();
let listening = false;

/** Redraws the whole of `layer` at the next frame, whatever changed (see installPartialRedraw). */
export function redrawInFull(layer: Konva.Layer): void {
  trackers.get(layer)?.(layer);
  layer.batchDraw();
}

/**
 * Tracked layers learn which node asked them to redraw (see onRequestDraw); the stage asks for
 * all of its layers on a camera change. Other layers are untouched.
 */
function trackRequests() {
  if (listening) return;
  listening = true;
  onRequestDraw((node) => {
    const layer = node.getLayer();
    if (layer) trackers.get(layer)?.(node);
    else if (node instanceof Konva.Stage) node.getLayers().forEach((l) => trackers.get(l)?.(node));
  });
}

/**
 * Redraws only the changed part of the items layer when all that changed since its last draw is
 * a few items (someone else dragging a note, typing, recolouring): the screen areas those items
 * left and entered are cleared and only the nodes meeting them are drawn again, clipped to them.
 * Anything else (the camera, the window, a node mounted or removed, a node that changed without
 * its item changing, planning state, blocks on screen) draws the whole layer as before. In
 * software rendering a full redraw rasterises the whole window on the main thread (~7 ms with
 * 35 notes); a note's area is a fraction of it.
 */
export function installPartialRedraw(
  layer: Konva.Layer,
  editor: BoardEditor,
  visible: VisibleItems,
): () => void {
  trackRequests();
  let pending = fresh(true);

  /** The item a node draws for: its own item group, or a planning decoration's card. */
  const itemOf = (node: Konva.Node): string | null => {
    for (let n: Konva.Node | null = node; n && n !== layer; n = n.getParent()) {
      if (n.getParent() === layer) return kindOf(n).item ? n.id() : null;
      const card = cardOf(n);
      if (typeof card === 'string') return card;
    }
    return null;
  };

  /**
   * How far (board units) a top-level node's drawing reaches beyond its item's box, shadows
   * aside: a sticky note grows below its square when its text needs it, and its box (the
   * item's w and h, as culling and the index know it) does not. Kept until the node's look
   * changes.
   */
  const grown = new WeakMap<Konva.Node, number>();
  const grownBy = (node: Konva.Node): number => {
    let by = grown.get(node);
    if (by !== undefined) return by;
    by = 0;
    const item = kindOf(node).sticky ? editor.items.byId(node.id()) : undefined;
    if (item) {
      const drawn = node.getClientRect({ relativeTo: node as Konva.Group, skipShadow: true });
      by = Math.max(
        0,
        -drawn.x,
        -drawn.y,
        drawn.x + drawn.width - item.w,
        drawn.y + drawn.height - item.h,
      );
    }
    grown.set(node, by);
    return by;
  };

  trackers.set(layer, (node) => {
    let top: Konva.Node = node;
    while (top.getParent() && top.getParent() !== layer) top = top.getParent()!;
    const id = itemOf(node);
    if (top !== node && top.getParent() === layer) {
      // Its look changes: what it reached before is what its old drawing left on the canvas.
      if (id !== null && !pending.grownBefore.has(id)) {
        pending.grownBefore.set(id, kindOf(top).sticky ? grown.get(top) : 0);
      }
      grown.delete(top);
    }
    if (pending.full) return;
    if (id === null) pending.full = true;
    else pending.touched.add(id);
  });

  const everything = () => {
    pending.full = true;
  };
  const stops = [
    visible.subscribeChanges(({ ids, boxes }) => {
      if (pending.full) return;
      // A batch (an import, a restore) is drawn in full: no need to keep its thousands of boxes.
      if (boxes === null || pending.boxes.length + boxes.length > MAX_BOXES) {
        pending.full = true;
        return;
      }
      for (const id of ids) pending.changed.add(id);
      for (const box of boxes) pending.boxes.push(box);
    }),
    editor.viewport.subscribe(everything),
    editor.canvasSize.subscribe(everything),
  ];

  /**
   * A board box on the layer's canvas grown by the reach of its drawing, in CSS pixels
   * (unclipped). The canvas may be larger than the window and drawn for an earlier camera while
   * a pan moves it (camera-shift.ts).
   */
  const onScreen = (placement: StagePlacement, box: Box, tight = false, growth = 0): Box => {
    const { camera, margin } = placement;
    const { scale } = camera;
    const reach =
      growth * scale +
      (tight
        ? STICKY_REACH_BOARD * scale + STICKY_REACH_SCREEN
        : REACH_BOARD * scale + REACH_SCREEN);
    return {
      x: box.x * scale + camera.x + margin - reach,
      y: box.y * scale + camera.y + margin - reach,
      w: box.w * scale + 2 * reach,
      h: box.h * scale + 2 * reach,
    };
  };

  /**
   * How the changed items' boxes must grow to hold what they drew and draw now: `tight` when
   * every changed item is a sticky note with nothing drawn for it but its own node, whether it
   * moved, turned, or someone typed in it or recoloured it (then nothing reaches further than
   * its shadow; a planning card's badges or reaction chips do), and `growth` for notes grown by
   * their text, before or now. Null when that is not known (a note's look changed before its
   * growth was ever measured) or blocks are on screen: draw in full. One pass over the layer's
   * children.
   */
  const changedReach = (): { tight: boolean; growth: number } | null => {
    let tight = pending.changed.size <= MAX_MERGED;
    let growth = 0;
    const nodes = new Map<string, Konva.Node>();
    for (const child of layer.getChildren() as Konva.Node[]) {
      const kind = kindOf(child);
      if (kind.blocks) return null;
      // A decoration that draws nothing (a card's group with no badge, band or warning: every
      // sticky note has one while the planning layer is up) reaches nowhere.
      const card = cardOf(child);
      if (typeof card === 'string' && pending.changed.has(card) && !drawsNothing(child)) {
        tight = false;
      }
      if (kind.decorations) {
        for (const decoration of (child as Konva.Group).getChildren()) {
          const decorated = cardOf(decoration);
          if (
            typeof decorated === 'string' &&
            pending.changed.has(decorated) &&
            !drawsNothing(decoration)
          ) {
            tight = false;
          }
        }
      } else if (kind.item && pending.changed.has(child.id())) {
        nodes.set(child.id(), child);
      }
    }
    for (const id of pending.changed) {
      const node = nodes.get(id);
      if (!node || !kindOf(node).sticky) tight = false;
      if (node) growth = Math.max(growth, grownBy(node));
      if (pending.grownBefore.has(id)) {
        const before = pending.grownBefore.get(id);
        if (before === undefined) return null;
        growth = Math.max(growth, before);
      }
    }
    return { tight, growth };
  };

  /** The changed areas on screen, whole pixels, or null when a full redraw is the better deal. */
  const screenAreas = (placement: StagePlacement): Box[] | null => {
    if (pending.full || pending.boxes.length === 0) return null;
    for (const id of pending.touched) if (!pending.changed.has(id)) return null;
    const reach = changedReach();
    if (!reach) return null;
    const { width, height } = layer.getStage().size();
    const areas: Box[] = [];
    let covered = 0;
    for (const box of mergeAreas(pending.boxes)) {
      const s = onScreen(placement, box, reach.tight, reach.growth);
      const x0 = Math.max(0, Math.floor(s.x));
      const y0 = Math.max(0, Math.floor(s.y));
      const x1 = Math.min(width, Math.ceil(s.x + s.w));
      const y1 = Math.min(height, Math.ceil(s.y + s.h));
      if (x1 <= x0 || y1 <= y0) continue;
      areas.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
      covered += (x1 - x0) * (y1 - y0);
    }
    return covered > PARTIAL_LIMIT * width * height ? null : areas;
  };

  /**
   * Whether a node (an item's, a card decoration or anything else) may paint inside `areas`:
   * the same sum as onScreen, without making a box per node.
   */
  const meets = (placement: StagePlacement, node: Konva.Node, areas: readonly Box[]): boolean => {
    const item = kindOf(node).item;
    const id = item ? node.id() : cardOf(node);
    const box = typeof id === 'string' ? visible.index.boxOf(id) : undefined;
    if (!box) return true;
    const { camera, margin } = placement;
    const { scale } = camera;
    const reach = (item ? grownBy(node) : 0) * scale + (REACH_BOARD * scale + REACH_SCREEN);
    const x = box.x * scale + camera.x + margin - reach;
    const y = box.y * scale + camera.y + margin - reach;
    const w = box.w * scale + 2 * reach;
    const h = box.h * scale + 2 * reach;
    for (const a of areas) {
      if (x < a.x + a.w && a.x < x + w && y < a.y + a.h && a.y < y + h) return true;
    }
    return false;
  };

  const drawScene = layer.drawScene.bind(layer);
  layer.drawScene = (can, top) => {
    const canvas = layer.getCanvas();
    // Exports and caches draw elsewhere, in full.
    if ((can && can !== canvas) || top) return drawScene(can, top);
    const placement = stagePlacement(layer.getStage());
    const areas = screenAreas(placement);
    lastAreas.set(layer, areas);
    pending = fresh(false);
    if (!areas) return drawScene(can, top);
    if (areas.length === 0) return layer;
    const native = nativeContext(canvas.getContext());
    const base = native.getTransform();
    const ratio = canvas.getPixelRatio();
    native.save();
    native.setTransform(ratio, 0, 0, ratio, 0, 0);
    native.beginPath();
    for (const a of areas) native.rect(a.x, a.y, a.w, a.h);
    native.clip();
    for (const a of areas) native.clearRect(a.x, a.y, a.w, a.h);
    native.setTransform(base);
    // The notes drawn again beside a change keep a picture of themselves for the next time.
    makingPictures(() => {
      for (const child of layer.getChildren()) {
        if (!kindOf(child).decorations) {
          if (meets(placement, child, areas)) child.drawScene(canvas);
          continue;
        }
        for (const decoration of (child as Konva.Group).getChildren()) {
          if (meets(placement, decoration, areas)) decoration.drawScene(canvas);
        }
      }
    });
    native.restore();
    return layer;
  };

  return () => {
    stops.forEach((stop) => stop());
    trackers.delete(layer);
    layer.drawScene = drawScene;
  };
}
