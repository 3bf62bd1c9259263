import type Konva from 'konva';
import { penBounds } from '@weboard/shared';
import type { PenItem } from '@weboard/shared';
import type { Ref } from 'react';
import { Group, Line } from 'react-konva';
import { inkColor, useCanvasTheme } from '../canvas-theme';

/** A freehand stroke, scaled to its item's w/h (so resizing a stroke stretches it). */
export function PenNode({
  item,
  nodeRef,
}: {
  item: PenItem;
  /** The item's root node, which ItemNode moves. */
  nodeRef?: Ref<Konva.Group>;
}) {
  const natural = penBounds(item.points);
  const theme = useCanvasTheme();
  return (
    <Group
      ref={nodeRef}
      id={item.id}
      name="item pen"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
    >
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
