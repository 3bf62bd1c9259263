import Konva from 'konva';
import { useEffect, useRef } from 'react';
import type { BoardEditor } from '../editor/editor';
import { canvasTheme, CHROME } from './canvas-theme';
import { gridPlacement, gridTile } from './dot-grid';
import type { GridTile } from './dot-grid';

/**
 * The board's dot grid: a canvas of its own under the items' canvas, painted once per zoom (and
 * theme and window size) and only moved, by whole device pixels, as the camera pans. A pan frame
 * then costs the grid one CSS transform, which the compositor applies without a repaint. (Painted
 * into the items' canvas, the ~2,800 dots of a working view were half of every pan frame; a CSS
 * background's position repaints the whole window; a scaled pattern filters every pixel.) Exports
 * and previews draw the items' layer only, so they have no grid.
 */
export function DotGrid({ editor }: { editor: BoardEditor }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let painted: GridTile | null = null;
    const update = () => {
      const ratio = Konva.pixelRatio;
      const placement = gridPlacement(editor.viewport.get());
      const tile = gridTile(placement, editor.canvasSize.get(), ratio, canvasTheme.get());
      if (!painted || !sameTile(painted, tile)) {
        paintTile(canvas, tile);
        painted = tile;
      }
      const move = (offset: number) => Math.round((offset - tile.pad) * ratio) / ratio;
      canvas.style.transform = `translate(${move(placement.offsetX)}px, ${move(placement.offsetY)}px)`;
    };
    update();
    const stops = [
      editor.viewport.subscribe(update),
      editor.canvasSize.subscribe(update),
      canvasTheme.subscribe(update),
    ];
    return () => stops.forEach((stop) => stop());
  }, [editor]);
  return <canvas ref={ref} className="dot-grid" aria-hidden="true" />;
}

const sameTile = (a: GridTile, b: GridTile) =>
  a.spacing === b.spacing &&
  a.radius === b.radius &&
  a.width === b.width &&
  a.height === b.height &&
  a.ratio === b.ratio &&
  a.theme === b.theme;

/** Paints the tile's dots as one path: the first `pad` CSS pixels in from its top-left corner. */
function paintTile(canvas: HTMLCanvasElement, tile: GridTile): void {
  const { spacing, radius, width, height, ratio, pad } = tile;
  canvas.width = Math.ceil(width * ratio);
  canvas.height = Math.ceil(height * ratio);
  canvas.style.width = `${canvas.width / ratio}px`;
  canvas.style.height = `${canvas.height / ratio}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = CHROME[tile.theme].dots;
  ctx.beginPath();
  for (let y = pad; y < height; y += spacing) {
    for (let x = pad; x < width; x += spacing) {
      ctx.moveTo(x + radius, y);
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
    }
  }
  ctx.fill();
}
