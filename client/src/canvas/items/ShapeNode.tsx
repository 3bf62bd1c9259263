import type Konva from 'konva';
import { INK, PALETTE } from '@weboard/shared';
import type { ShapeItem } from '@weboard/shared';
import type { Ref } from 'react';
import { Ellipse, Group, Line, Rect, Text } from 'react-konva';
import { FONT_FAMILY, SHAPE_LINE_HEIGHT, SHAPE_PADDING, SHAPE_SHADOW, TEXT_COLOR } from '../theme';
import { SoftShadow } from './SoftShadow';

const SHAPE_RADIUS = 8;

/** A rectangle, ellipse or diamond with centred text. */
export function ShapeNode({
  item,
  editing,
  nodeRef,
}: {
  item: ShapeItem;
  editing: boolean;
  /** The item's root node, which ItemNode moves. */
  nodeRef?: Ref<Konva.Group>;
}) {
  const { w, h } = item;
  const paint = {
    fill: PALETTE[item.color],
    stroke: item.strokeWidth > 0 ? INK[item.stroke] : undefined,
    strokeWidth: item.strokeWidth,
    perfectDrawEnabled: false,
  };
  // Text keeps clear of a diamond's or ellipse's corners.
  const inset =
    item.kind === 'diamond'
      ? { x: w / 4, y: h / 4 }
      : item.kind === 'ellipse'
        ? { x: w * 0.15, y: h * 0.15 }
        : { x: 0, y: 0 };
  return (
    <Group
      ref={nodeRef}
      id={item.id}
      name="item shape"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
    >
      <SoftShadow
        outline={item.kind}
        w={w}
        h={h}
        radius={SHAPE_RADIUS}
        style={SHAPE_SHADOW}
        opaque
      />
      {item.kind === 'rect' && <Rect width={w} height={h} cornerRadius={SHAPE_RADIUS} {...paint} />}
      {item.kind === 'ellipse' && (
        <Ellipse x={w / 2} y={h / 2} radiusX={w / 2} radiusY={h / 2} {...paint} />
      )}
      {item.kind === 'diamond' && (
        <Line
          points={[w / 2, 0, w, h / 2, w / 2, h, 0, h / 2]}
          closed
          lineJoin="round"
          {...paint}
        />
      )}
      {!editing && item.text && (
        <Text
          x={inset.x}
          y={inset.y}
          text={item.text}
          width={w - 2 * inset.x}
          height={h - 2 * inset.y}
          padding={SHAPE_PADDING}
          align="center"
          verticalAlign="middle"
          fontFamily={FONT_FAMILY}
          fontSize={item.fontSize}
          lineHeight={SHAPE_LINE_HEIGHT}
          fill={TEXT_COLOR}
          wrap="word"
          ellipsis
          perfectDrawEnabled={false}
        />
      )}
    </Group>
  );
}
