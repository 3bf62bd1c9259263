import type Konva from 'konva';
import { Shape } from 'react-konva';
import type { Box } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { useEffect } from 'react';
import { canvasTheme, CHROME, useCanvasTheme } from './canvas-theme';
import { gridPlacement } from './dot-grid';
import { nativeContext } from './konva-internals';

/**
 * The board's dot grid, drawn under the items on their own canvas as one path of dots. That canvas
 * is redrawn every pan and zoom frame anyway, and a path of a couple of thousand tiny dots is
 * cheap to fill. (A CSS background under the canvas had the browser repaint and re-rasterise the
 * whole window every frame, and a scaled pattern fill filtered every pixel of it.) It draws only
 * on the live canvas, so exports and previews of the layer have no grid.
 */
export function DotGrid({ editor }: { editor: BoardEditor }) {
  const theme = useCanvasTheme();
  // Dots of the other theme everywhere: a new (equal) camera makes the next draw a full one.
  useEffect(() => editor.viewport.set((v) => ({ ...v })), [editor, theme]);
  return (
    <Shape
      name="dot-grid"
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context: Konva.Context, shape: Konva.Shape) => {
        const canvas = context.getCanvas();
        if (canvas !== shape.getLayer()?.getCanvas()) return;
        paintDots(nativeContext(context), editor, canvas.getPixelRatio());
      }}
    />
  );
}

/**
 * Paints the dots of the current view onto a canvas of the window's size, all of them or only
 * those in `area` (CSS pixels), as one path.
 */
export function paintDots(
  ctx: CanvasRenderingContext2D,
  editor: BoardEditor,
  ratio: number,
  area?: Box,
): void {
  const { spacing, offsetX, offsetY, radius } = gridPlacement(editor.viewport.get());
  const { width, height } = editor.canvasSize.get();
  const x0 = area ? Math.max(0, area.x - radius) : 0;
  const y0 = area ? Math.max(0, area.y - radius) : 0;
  const x1 = area ? Math.min(width, area.x + area.w) + radius : width + radius;
  const y1 = area ? Math.min(height, area.y + area.h) + radius : height + radius;
  // Dots sit at cell corners: the first at or after x0, y0.
  const first = (offset: number, from: number) =>
    offset + spacing * Math.max(1, Math.ceil((from - offset) / spacing));
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = CHROME[canvasTheme.get()].dots;
  ctx.beginPath();
  for (let y = first(offsetY, y0); y < y1; y += spacing) {
    for (let x = first(offsetX, x0); x < x1; x += spacing) {
      ctx.moveTo(x + radius, y);
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
    }
  }
  ctx.fill();
  ctx.restore();
}
