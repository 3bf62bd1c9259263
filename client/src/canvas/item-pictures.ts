import Konva from 'konva';
import { SceneCanvas } from 'konva/lib/Canvas';
import { nativeContext, onRequestDraw } from './konva-internals';

/**
 * Pictures of items' drawings. Redrawing part of the items layer (partial-redraw.ts) draws every
 * node that meets the changed area again: for a note moved by someone else that is the note and
 * its neighbours, each a shadow, a rounded rectangle and its text laid out and filled. A group
 * with a picture draws, once it has been drawn twice at the same device scale, a bitmap of
 * itself, made then and copied afterwards: the same pixels, for one drawImage. That holds for a
 * group that moves too (the note someone drags, at every step), because an upright group on its
 * layer's canvas is always drawn with its origin at whole device pixels (at most half a pixel from
 * its exact place; the shadows already were): a move changes only where the picture goes. Pictures
 * are made only in partial redraws (makingPictures). Any change inside the group (its text,
 * colour, size, editing) drops its picture, and so does a change of zoom. Pictures take at most
 * MAX_PIXELS device pixels in all; past that, groups draw themselves.
 */

/** About 16 MB of pictures: several screens of notes. */
const MAX_PIXELS = 4_000_000;
/** How far beyond its box (board units) an item's drawing reaches: a note's shadow is 25. */
const REACH = 28;

interface Placement {
  /** Device pixels per board unit. */
  scale: number;
  /** Where the group's origin is drawn on the device's pixel grid: whole pixels. */
  x: number;
  y: number;
}

interface Picture {
  canvas: SceneCanvas;
  at: Placement;
  /** Where the picture's top-left corner lies from the group's origin, in whole device pixels. */
  dx: number;
  dy: number;
  pixels: number;
}

interface Pictured {
  group: Konva.Group;
  /** Where the group was last drawn (a picture is made the second time in the same place). */
  last: Placement | null;
  picture: Picture | null;
}

const pictured = new WeakMap<Konva.Node, Pictured>();
/** The groups holding a picture now. */
const holding = new Set<Konva.Group>();
let pixelsHeld = 0;
let listening = false;
/** Set while groups must draw themselves (see drawnWithoutPictures). */
let bypass = false;
/** Set while a partial redraw draws (see makingPictures): only then are pictures made. */
let making = false;

const context = (picture: Picture) => nativeContext(picture.canvas.getContext());

/** A picture made at one placement serves at another of the same scale: it only moves. */
const sameScale = (a: Placement, b: Placement) => a.scale === b.scale;

function drop(state: Pictured) {
  if (!state.picture) return;
  holding.delete(state.group);
  pixelsHeld -= state.picture.pixels;
  // Frees the bitmap now rather than when the canvas is collected.
  state.picture.canvas.setSize(0, 0);
  state.picture = null;
}

/** A change anywhere inside a pictured group drops its picture (a move of the group does not). */
function listen() {
  if (listening) return;
  listening = true;
  onRequestDraw((node) => {
    for (let n = node.getParent(); n && !(n instanceof Konva.Layer); n = n.getParent()) {
      const state = pictured.get(n);
      if (state) {
        drop(state);
        state.last = null;
        return;
      }
    }
  });
}

/** The groups that draw from a picture now (for tests). */
export function groupsWithPictures(): Konva.Group[] {
  return [...holding];
}

/**
 * Runs `draw` (a partial redraw of a layer) letting the groups it draws make their pictures. A
 * full redraw does not: after a zoom, an opening or a pan every group is drawn in a new place,
 * and a picture of each would cost a frame more than it saves; a partial redraw draws the few
 * groups beside a change, again and again while someone drags.
 */
export function makingPictures(draw: () => void): void {
  making = true;
  try {
    draw();
  } finally {
    making = false;
  }
}

/**
 * Runs `draw` with every group drawing itself (at whole device pixels, as all its draws are), as
 * Konva does: for tests, the reference.
 */
export function drawnWithoutPictures(draw: () => void): void {
  bypass = true;
  try {
    draw();
  } finally {
    bypass = false;
  }
}

/**
 * Lets `group` (an upright item's group) draw from a picture of itself on its layer's canvas.
 * Returns the function that stops it.
 */
export function drawFromPicture(group: Konva.Group): () => void {
  listen();
  const state: Pictured = { group, last: null, picture: null };
  pictured.set(group, state);
  const drawScene = group.drawScene.bind(group);

  group.drawScene = (can, top) => {
    const canvas = group.getLayer()?.getCanvas();
    // Exports, caches and hidden groups draw as Konva does.
    if (!canvas || (can && can !== canvas) || top || !group.isVisible()) {
      return drawScene(can, top);
    }
    // A layer draws its nodes at its canvas' pixel ratio: with the group's own transform, that
    // is where the group's origin lands on the device's pixel grid.
    const ratio = canvas.getPixelRatio();
    const [a, b, c, d, e, f] = group.getAbsoluteTransform().m as number[];
    const scale = a! * ratio;
    if (b !== 0 || c !== 0 || d !== a || scale <= 0) {
      drop(state);
      return drawScene(can, top);
    }
    const originX = e! * ratio;
    const originY = f! * ratio;
    const at: Placement = { scale, x: Math.round(originX), y: Math.round(originY) };
    const native = nativeContext(canvas.getContext());
    if (bypass) return drawSnapped(native, at.x - originX, at.y - originY, can, top);
    if (state.picture && !sameScale(state.picture.at, at)) drop(state);
    if (making && !state.picture && state.last && sameScale(state.last, at)) paint(at);
    state.last = at;
    const { picture } = state;
    if (!picture) return drawSnapped(native, at.x - originX, at.y - originY, can, top);
    native.save();
    native.setTransform(1, 0, 0, 1, 0, 0);
    native.drawImage(context(picture).canvas, at.x + picture.dx, at.y + picture.dy);
    native.restore();
    return group;
  };

  /** Draws the group itself, its origin moved by (dx, dy) device pixels onto whole pixels. */
  const drawSnapped = (
    native: CanvasRenderingContext2D,
    dx: number,
    dy: number,
    can?: Parameters<typeof drawScene>[0],
    top?: Parameters<typeof drawScene>[1],
  ) => {
    native.save();
    const t = native.getTransform();
    native.setTransform(t.a, t.b, t.c, t.d, t.e + dx, t.f + dy);
    try {
      return drawScene(can, top);
    } finally {
      native.restore();
    }
  };

  /** Draws the group into a picture of its own at `at` (nothing past the budget). */
  const paint = (at: Placement) => {
    const box = group.getClientRect({ relativeTo: group, skipShadow: true });
    const dx = Math.floor((box.x - REACH) * at.scale);
    const dy = Math.floor((box.y - REACH) * at.scale);
    const width = Math.ceil((box.x + box.width + REACH) * at.scale) - dx + 1;
    const height = Math.ceil((box.y + box.height + REACH) * at.scale) - dy + 1;
    if (pixelsHeld + width * height > MAX_PIXELS) return;
    const canvas = new SceneCanvas({ width, height, pixelRatio: 1 });
    nativeContext(canvas.getContext()).setTransform(at.scale, 0, 0, at.scale, -dx, -dy);
    for (const child of group.getChildren()) child.drawScene(canvas, group);
    state.picture = { canvas, at, dx, dy, pixels: width * height };
    holding.add(group);
    pixelsHeld += width * height;
  };

  return () => {
    drop(state);
    pictured.delete(group);
    group.drawScene = drawScene;
  };
}
