import type Konva from 'konva';
import { useCallback, useEffect, useRef } from 'react';
import { Shape } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { stagePlacement } from './camera-shift';
import { CHROME, useCanvasTheme } from './canvas-theme';
import type { CanvasTheme } from './canvas-theme';
import { gridPlacement, gridTile } from './dot-grid';
import type { GridTile } from './dot-grid';
import { nativeContext } from './konva-internals';

/**
 * The board's dot grid, under the items on their own canvas: the dots of a zoom are painted once
 * into a picture of their own (a path of ~2,800 arcs in a working view was half of every frame)
 * and each draw copies it at a whole-pixel offset, unscaled, which costs about a clear. Partial
 * redraws copy it clipped, so they equal a full draw. (A CSS background was repainted in full
 * every pan frame; a canvas element of its own is handed to the compositor again every frame,
 * changed or not; a scaled pattern filters every pixel.) It draws only on the live canvas, so
 * exports and previews of the layer have no grid.
 */
export function DotGrid({ editor }: { editor: BoardEditor }) {
  const theme = useCanvasTheme();
  // Dots of the other theme everywhere: a new (equal) camera makes the next draw a full one. Not
  // on mount: the first draw has this theme's dots already (and a new camera there re-rendered
  // everything that follows the camera, and drew the whole board a second time, before the
  // board's first frame).
  const drawnTheme = useRef(theme);
  useEffect(() => {
    if (drawnTheme.current === theme) return;
    drawnTheme.current = theme;
    editor.viewport.set((v) => ({ ...v }));
  }, [editor, theme]);
  // One function per theme: a new one on every render of the canvas (each batch of mounts while a
  // board opens, each change of the items in view) made react-konva set it on the shape, which
  // asks for a draw, and a draw not tied to an item redraws the whole layer.
  const sceneFunc = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      const canvas = context.getCanvas();
      const stage = shape.getStage();
      if (!stage || canvas !== shape.getLayer()?.getCanvas()) return;
      paintDots(nativeContext(context), stage, canvas.getPixelRatio(), theme);
    },
    [theme],
  );
  return (
    <Shape name="dot-grid" listening={false} perfectDrawEnabled={false} sceneFunc={sceneFunc} />
  );
}

let tile: { key: GridTile; canvas: HTMLCanvasElement } | null = null;
/** One row of the picture's dots, which the picture is copied together from (see tileFor). */
let rowCanvas: HTMLCanvasElement | null = null;

const covers = (a: GridTile, b: GridTile) =>
  a.spacing === b.spacing &&
  a.radius === b.radius &&
  a.ratio === b.ratio &&
  a.theme === b.theme &&
  a.width >= b.width &&
  a.height >= b.height;

/** `canvas` at least `width` × `height` device pixels: reallocated only to grow, in steps. */
function atLeast(canvas: HTMLCanvasElement, width: number, height: number): HTMLCanvasElement {
  // A zoom repaints the picture every frame and the cell size changes it a little each time.
  const grow = (needed: number, now: number) =>
    needed > now ? Math.ceil(needed / 128) * 128 : now;
  const w = grow(width, canvas.width);
  const h = grow(height, canvas.height);
  if (w !== canvas.width || h !== canvas.height) {
    canvas.width = w;
    canvas.height = h;
  }
  return canvas;
}

/**
 * The picture of the dots for `key`, painted only when no picture at hand covers it. One row of
 * dots is painted (arcs, anti-aliased at their exact places across) and copied down once per row,
 * each copy at the whole device pixel nearest its row (at most half a pixel off, as the whole
 * picture is where it is copied onto the board): rasterising every dot's arc, ~2,800 in a working
 * view, cost 3-11 ms at every step of a zoom and ~9 ms of the board's first frame.
 */
function tileFor(key: GridTile): HTMLCanvasElement {
  if (tile && covers(tile.key, key)) return tile.canvas;
  const { spacing, radius, width, height, ratio, pad } = key;
  const rowWidth = Math.ceil(width * ratio);
  // The row's dots are centred `pad` from its top, and reach at most a radius from there.
  const rowHeight = Math.ceil(2 * pad * ratio);
  const row = atLeast((rowCanvas ??= document.createElement('canvas')), rowWidth, rowHeight);
  const rowCtx = row.getContext('2d')!;
  rowCtx.setTransform(1, 0, 0, 1, 0, 0);
  rowCtx.clearRect(0, 0, row.width, row.height);
  rowCtx.setTransform(ratio, 0, 0, ratio, 0, 0);
  rowCtx.fillStyle = CHROME[key.theme].dots;
  rowCtx.beginPath();
  for (let x = pad; x < width; x += spacing) {
    rowCtx.moveTo(x + radius, pad);
    rowCtx.arc(x, pad, radius, 0, 2 * Math.PI);
  }
  rowCtx.fill();

  const canvas = atLeast(
    tile?.canvas ?? document.createElement('canvas'),
    rowWidth,
    Math.ceil(height * ratio),
  );
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (let y = pad; y < height; y += spacing) {
    const top = Math.round((y - pad) * ratio);
    ctx.drawImage(row, 0, 0, rowWidth, rowHeight, 0, top, rowWidth, rowHeight);
  }
  tile = { key, canvas };
  return canvas;
}

/** Copies the dots of the stage's camera onto its items' canvas (device pixels, unscaled). */
function paintDots(
  ctx: CanvasRenderingContext2D,
  stage: Konva.Stage,
  ratio: number,
  theme: CanvasTheme,
): void {
  const { camera, margin } = stagePlacement(stage);
  const placement = gridPlacement(camera);
  const size = stage.size();
  const key = gridTile(placement, size, ratio, theme);
  const picture = tileFor(key);
  const at = (offset: number) => Math.round((offset + margin - key.pad) * ratio);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const w = Math.min(picture.width, Math.ceil(key.width * ratio));
  const h = Math.min(picture.height, Math.ceil(key.height * ratio));
  ctx.drawImage(picture, 0, 0, w, h, at(placement.offsetX), at(placement.offsetY), w, h);
  ctx.restore();
}
