import type { Box } from '@weboard/shared';
import Konva from 'konva';
import type { BoardEditor } from '../editor/editor';
import { stagePlacement } from './camera-shift';
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
}

const fresh = (full: boolean): Pending => ({
  full,
  changed: new Set(),
  boxes: [],
  touched: new Set(),
});

/** Layers with a tracker, told which node asked them to redraw. */
const trackers = new WeakMap<Konva.Layer, (node: Konva.Node) => void>();
let listening = false;

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
      if (n.getParent() === layer) return n.hasName('item') ? n.id() : null;
      const card = n.getAttr('cardId') as unknown;
      if (typeof card === 'string') return card;
    }
    return null;
  };

  trackers.set(layer, (node) => {
    if (pending.full) return;
    const id = itemOf(node);
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
  const onScreen = (box: Box): Box => {
    const { camera, margin } = stagePlacement(layer.getStage());
    const { scale } = camera;
    const reach = REACH_BOARD * scale + REACH_SCREEN;
    return {
      x: box.x * scale + camera.x + margin - reach,
      y: box.y * scale + camera.y + margin - reach,
      w: box.w * scale + 2 * reach,
      h: box.h * scale + 2 * reach,
    };
  };

  /** The changed areas on screen, whole pixels, or null when a full redraw is the better deal. */
  const screenAreas = (): Box[] | null => {
    if (pending.full || pending.boxes.length === 0) return null;
    for (const id of pending.touched) if (!pending.changed.has(id)) return null;
    if (layer.getChildren().some((child) => child.hasName('blocks'))) return null;
    const { width, height } = layer.getStage().size();
    const areas: Box[] = [];
    let covered = 0;
    for (const box of pending.boxes) {
      const s = onScreen(box);
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

  /** Whether a node (an item's, a card decoration or anything else) may paint inside `areas`. */
  const meets = (node: Konva.Node, areas: readonly Box[]): boolean => {
    const id = node.hasName('item') ? node.id() : (node.getAttr('cardId') as string | undefined);
    const box = id ? visible.index.boxOf(id) : undefined;
    if (!box) return true;
    const s = onScreen(box);
    return areas.some(
      (a) => s.x < a.x + a.w && a.x < s.x + s.w && s.y < a.y + a.h && a.y < s.y + s.h,
    );
  };

  const drawScene = layer.drawScene.bind(layer);
  layer.drawScene = (can, top) => {
    const canvas = layer.getCanvas();
    // Exports and caches draw elsewhere, in full.
    if ((can && can !== canvas) || top) return drawScene(can, top);
    const areas = screenAreas();
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
        if (!child.hasName('planning-decorations')) {
          if (meets(child, areas)) child.drawScene(canvas);
          continue;
        }
        for (const decoration of (child as Konva.Group).getChildren()) {
          if (meets(decoration, areas)) decoration.drawScene(canvas);
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
