import type Konva from 'konva';
import { Shape } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { gridPlacement } from './dot-grid';

const DOT_COLOR = 'rgba(15, 23, 42, 0.16)';

/** Painted cells by size, dot and pixel ratio: a whole zoom uses a handful. */
const cells = new Map<string, HTMLCanvasElement>();

function cell(tile: number, dot: number, ratio: number): HTMLCanvasElement {
  const key = `${tile} ${dot} ${ratio}`;
  let canvas = cells.get(key);
  if (!canvas) {
    canvas = document.createElement('canvas');
    canvas.width = canvas.height = Math.round(tile * ratio);
    const context = canvas.getContext('2d')!;
    context.fillStyle = DOT_COLOR;
    context.beginPath();
    context.arc(dot * ratio, dot * ratio, dot * ratio, 0, 2 * Math.PI);
    context.fill();
    cells.set(key, canvas);
  }
  return canvas;
}

/**
 * The board's dot grid, painted as one pattern fill under the items on their own canvas. That
 * canvas is redrawn every pan and zoom frame anyway, and a pattern fill is cheap; a CSS background
 * under the canvas had the browser repaint and re-rasterise the whole window every frame instead.
 * It draws only on the live canvas, so exports and previews of the layer have no grid.
 */
export function DotGrid({ editor }: { editor: BoardEditor }) {
  return (
    <Shape
      name="dot-grid"
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context: Konva.Context, shape: Konva.Shape) => {
        const canvas = context.getCanvas();
        if (canvas !== shape.getLayer()?.getCanvas()) return;
        const ratio = canvas.getPixelRatio();
        const placed = gridPlacement(editor.viewport.get());
        const pattern = context._context.createPattern(
          cell(placed.tile, placed.dot, ratio),
          'repeat',
        );
        if (!pattern) return;
        pattern.setTransform(
          new DOMMatrix()
            .translate(placed.offsetX * ratio, placed.offsetY * ratio)
            .scale(placed.factor),
        );
        const { width, height } = editor.canvasSize.get();
        const ctx = context._context;
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.fillStyle = pattern;
        ctx.fillRect(0, 0, width * ratio, height * ratio);
        ctx.restore();
      }}
    />
  );
}
