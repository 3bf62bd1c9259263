import type { TextItem } from '@weboard/shared';
import { Group, Rect, Text } from 'react-konva';
import { inkColor, useCanvasTheme } from '../canvas-theme';
import { FONT_FAMILY, SHAPE_LINE_HEIGHT } from '../theme';

/** Free text: no card behind it, just lettering in ink. */
export function TextNode({ item, editing }: { item: TextItem; editing: boolean }) {
  const theme = useCanvasTheme();
  return (
    <Group id={item.id} name="item text" x={item.x} y={item.y} rotation={item.rotation}>
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
