import { PALETTE } from '@weboard/shared';
import type { StickyItem } from '@weboard/shared';
import type Konva from 'konva';
import { memo, useEffect, useRef } from 'react';
import { Group, Rect, Text } from 'react-konva';
import type { BoardEditor } from '../editor/editor';
import { fitFontSize } from './text-fit';
import {
  FONT_FAMILY,
  SELECTION_COLOR,
  STICKY_LINE_HEIGHT,
  STICKY_PADDING,
  STICKY_RADIUS,
  TEXT_COLOR,
} from './theme';

interface StickyNodeProps {
  item: StickyItem;
  editor: BoardEditor;
  selected: boolean;
  editing: boolean;
  draggable: boolean;
  scale: number;
}

/** One sticky note: drag to move, click to select, double-click to type. */
export const StickyNode = memo(function StickyNode(props: StickyNodeProps) {
  const { item, editor, selected, editing, draggable, scale } = props;
  const frame = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const writePosition = (node: Konva.Node) => editor.moveItem(item.id, node.x(), node.y());

  const onDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
    const node = event.target;
    // At most one document write per frame; a drag fires many more move events than that.
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      writePosition(node);
    });
  };

  const onDragEnd = (event: Konva.KonvaEventObject<DragEvent>) => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    writePosition(event.target);
  };

  const onPointerDown = (event: Konva.KonvaEventObject<PointerEvent>) => {
    if (event.evt.button !== 0) return;
    if (event.evt.shiftKey) editor.toggleSelected(item.id);
    else if (!editor.selection.get().includes(item.id)) editor.select([item.id]);
  };

  const onDoubleClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    event.cancelBubble = true;
    editor.startEditing(item.id);
  };

  return (
    <Group
      id={item.id}
      name="sticky"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
      draggable={draggable}
      onDragStart={() => editor.select([item.id])}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onPointerDown={onPointerDown}
      onDblClick={onDoubleClick}
      onDblTap={onDoubleClick}
    >
      <Rect
        width={item.w}
        height={item.h}
        fill={PALETTE[item.color]}
        cornerRadius={STICKY_RADIUS}
        shadowColor="#0f172a"
        shadowOpacity={0.14}
        shadowBlur={14}
        shadowOffsetY={4}
        shadowForStrokeEnabled={false}
        perfectDrawEnabled={false}
        stroke="rgba(15, 23, 42, 0.06)"
        strokeWidth={1}
      />
      {!editing && (
        <Text
          text={item.text}
          width={item.w}
          height={item.h}
          padding={STICKY_PADDING}
          fontFamily={FONT_FAMILY}
          fontSize={fitFontSize(item.text, item.w, item.h)}
          lineHeight={STICKY_LINE_HEIGHT}
          fill={TEXT_COLOR}
          wrap="word"
          ellipsis
          listening={false}
          perfectDrawEnabled={false}
        />
      )}
      {selected && (
        <Rect
          x={-4 / scale}
          y={-4 / scale}
          width={item.w + 8 / scale}
          height={item.h + 8 / scale}
          cornerRadius={STICKY_RADIUS + 3}
          stroke={SELECTION_COLOR}
          strokeWidth={2 / scale}
          listening={false}
        />
      )}
    </Group>
  );
});
