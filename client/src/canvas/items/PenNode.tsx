import { penBounds } from '@weboard/shared';
import type { PenItem } from '@weboard/shared';
import { Group, Line } from 'react-konva';
import { inkColor, useCanvasTheme } from '../canvas-theme';

/** A freehand stroke, scaled to its item's w/h (so resizing a stroke stretches it). */
export function PenNode({ item }: { item: PenItem }) {
  const natural = penBounds(item.points);
  const theme = useCanvasTheme();
  return (
    <Group id={item.id} name="item pen" x={item.x} y={item.y} rotation={item.rotation}>
      <Line
        points={item.points}
        scaleX={item.w / natural.w}
        scaleY={item.h / natural.h}
        stroke={inkColor(item.color, theme)}
        strokeWidth={item.strokeWidth}
        strokeScaleEnabled={false}
        lineCap="round"
        lineJoin="round"
        tension={item.points.length > 6 ? 0.35 : 0}
        perfectDrawEnabled={false}
      />
    </Group>
  );
}
