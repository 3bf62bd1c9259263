import { INK, PALETTE, penLocalPoints, routeConnector } from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import type Konva from 'konva';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Shape } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { nativeContext } from './konva-internals';
import { FRAME_STROKE } from './theme';

/** The colour an item gets as a block far out. */
function blockFill(item: BoardItem): string | null {
  switch (item.type) {
    case 'sticky':
    case 'shape':
      return PALETTE[item.color];
    case 'frame':
      return item.color === 'gray' ? '#ffffff' : PALETTE[item.color];
    case 'text':
      return '#d1d5db';
    case 'image':
      return '#cbd5e1';
    case 'pen':
    case 'connector':
      return null;
  }
}

/**
 * The far-out level of detail: every culled-in item as a plain block (connectors and strokes as
 * thin lines), painted by one Konva shape. Thousands of items then cost one node and a loop of
 * fillRects instead of thousands of React components with text layout and shadows.
 */
export function BlocksShape({ ids, editor }: { ids: readonly string[]; editor: BoardEditor }) {
  const shapeRef = useRef<Konva.Shape>(null);
  const idsRef = useRef(ids);
  // The scene function reads the newest ids when Konva draws, which is after React commits.
  useLayoutEffect(() => {
    idsRef.current = ids;
    shapeRef.current?.getLayer()?.batchDraw();
  }, [ids]);

  // Item edits redraw the layer once per frame (batchDraw), not once per change.
  useEffect(
    () => editor.items.version.subscribe(() => shapeRef.current?.getLayer()?.batchDraw()),
    [editor],
  );

  return (
    <Shape
      ref={shapeRef}
      name="blocks"
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context) => {
        const ctx = nativeContext(context);
        const scale = editor.viewport.get().scale;
        ctx.lineWidth = 1 / scale;
        for (const id of idsRef.current) {
          const item = editor.items.byId(id);
          if (!item) continue;
          if (item.type === 'connector' || item.type === 'pen') {
            const points =
              item.type === 'connector'
                ? routeConnector(item, editor.items.byId).points
                : penLocalPoints(item).map((p) => ({ x: item.x + p.x, y: item.y + p.y }));
            ctx.strokeStyle = item.type === 'pen' ? INK[item.color] : '#64748b';
            ctx.beginPath();
            points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
            ctx.stroke();
            continue;
          }
          const fill = blockFill(item);
          if (!fill) continue;
          ctx.fillStyle = fill;
          if (item.rotation) {
            ctx.save();
            ctx.translate(item.x, item.y);
            ctx.rotate((item.rotation * Math.PI) / 180);
            ctx.fillRect(0, 0, item.w, item.h);
            ctx.restore();
          } else {
            ctx.fillRect(item.x, item.y, item.w, item.h);
          }
          if (item.type === 'frame') {
            ctx.strokeStyle = FRAME_STROKE;
            ctx.strokeRect(item.x, item.y, item.w, item.h);
          }
        }
      }}
    />
  );
}
