import type Konva from 'konva';
import type { TextItem } from '@weboard/shared';
import type { Ref } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { inkColor, useCanvasTheme } from '../canvas-theme';
import { FONT_FAMILY, SHAPE_LINE_HEIGHT } from '../theme';

/** Free text: no card behind it, just lettering in ink. */
export function TextNode({
  item,
  editing,
  nodeRef,
}: {
  item: TextItem;
  editing: boolean;
  /** The item's root node, which ItemNode moves. */
  nodeRef?: Ref<Konva.Group>;
}) {
  const theme = useCanvasTheme();
  return (
    <Group
      ref={nodeRef}
      id={item.id}
      name="item text"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
    >
      {/* Transparent box: the node's extent is the item's, whatever the glyphs cover. */}
      <Rect width={item.w} height={item.h} />
      {!editing && (
        <Text
          text={item.text}
          width={item.w}
          fontFamily={FONT_FAMILY}
          fontSize={item.fontSize}
          fontStyle="500"
          lineHeight={SHAPE_LINE_HEIGHT}
          fill={inkColor(item.color, theme)}
          wrap="word"
          perfectDrawEnabled={false}
        />
      )}
    </Group>
  );
}
