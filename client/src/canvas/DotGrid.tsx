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

const covers = (a: GridTile, b: GridTile) =>
  a.spacing === b.spacing &&
  a.radius === b.radius &&
  a.ratio === b.ratio &&
  a.theme === b.theme &&
  a.width >= b.width &&
  a.height >= b.height;

/** The picture of the dots for `key`, painted only when no picture at hand covers it. */
function tileFor(key: GridTile): HTMLCanvasElement {
  if (tile && covers(tile.key, key)) return tile.canvas;
  const canvas = tile?.canvas ?? document.createElement('canvas');
  const { spacing, radius, width, height, ratio, pad } = key;
  // A zoom repaints the picture every frame: its canvas is only reallocated when it must grow
  // (in steps, as the cell size changes it a little every frame), and copied in part.
  const grow = (needed: number, now: number) =>
    needed > now ? Math.ceil(needed / 128) * 128 : now;
  const w = grow(Math.ceil(width * ratio), canvas.width);
  const h = grow(Math.ceil(height * ratio), canvas.height);
  if (w !== canvas.width || h !== canvas.height) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = CHROME[key.theme].dots;
  ctx.beginPath();
  for (let y = pad; y < height; y += spacing) {
    for (let x = pad; x < width; x += spacing) {
      ctx.moveTo(x + radius, y);
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
    }
  }
  ctx.fill();
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
