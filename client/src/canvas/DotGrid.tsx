import type Konva from 'konva';
import { Shape } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { gridPlacement } from './dot-grid';

const DOT_COLOR = 'rgba(15, 23, 42, 0.16)';

/**
 * The board's dot grid, drawn under the items on their own canvas as one path of dots. That canvas
 * is redrawn every pan and zoom frame anyway, and a path of a couple of thousand tiny dots is
 * cheap to fill. (A CSS background under the canvas had the browser repaint and re-rasterise the
 * whole window every frame, and a scaled pattern fill filtered every pixel of it.) It draws only
 * on the live canvas, so exports and previews of the layer have no grid.
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
        const { spacing, offsetX, offsetY, radius } = gridPlacement(editor.viewport.get());
        const { width, height } = editor.canvasSize.get();
        const ctx = context._context;
        ctx.save();
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.fillStyle = DOT_COLOR;
        ctx.beginPath();
        // Dots sit at cell corners; the first row and column are just off the top left.
        for (let y = offsetY + spacing; y < height + radius; y += spacing) {
          for (let x = offsetX + spacing; x < width + radius; x += spacing) {
            ctx.moveTo(x + radius, y);
            ctx.arc(x, y, radius, 0, 2 * Math.PI);
          }
        }
        ctx.fill();
        ctx.restore();
      }}
    />
  );
}
