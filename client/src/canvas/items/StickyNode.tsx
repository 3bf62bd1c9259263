import type Konva from 'konva';
import { PALETTE } from '@weboard/shared';
import type { StickyItem } from '@weboard/shared';
import type { Ref } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { fitFontSize, stickyHeight } from '../text-fit';
import {
  FONT_FAMILY,
  STICKY_LINE_HEIGHT,
  STICKY_PADDING,
  STICKY_RADIUS,
  STICKY_SHADOW,
  TEAM_BAND,
  TEXT_COLOR,
} from '../theme';
import { SoftShadow } from './SoftShadow';

/**
 * A sticky note: a coloured square with a soft shadow; its text shrinks to fit, as in FigJam, and
 * past the smallest readable size the note grows so that no text is hidden.
 */
export function StickyNode({
  item,
  editing,
  nodeRef,
}: {
  item: StickyItem;
  editing: boolean;
  /** The item's root node, which ItemNode moves. */
  nodeRef?: Ref<Konva.Group>;
}) {
  // A team's (or an imported) card keeps its top for the band the planning layer draws there.
  const top = item.teamId || item.sourceKey ? TEAM_BAND : 0;
  const h = stickyHeight(item.text, item.w, item.h - top) + top;
  return (
    <Group
      ref={nodeRef}
      id={item.id}
      name="item sticky"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
    >
      <SoftShadow
        outline="rect"
        w={item.w}
        h={h}
        radius={STICKY_RADIUS}
        style={STICKY_SHADOW}
        opaque
      />
      <Rect
        width={item.w}
        height={h}
        fill={PALETTE[item.color]}
        cornerRadius={STICKY_RADIUS}
        perfectDrawEnabled={false}
        stroke="rgba(15, 23, 42, 0.06)"
        strokeWidth={1}
      />
      {!editing && (
        <Text
          text={item.text}
          y={top}
          width={item.w}
          height={h - top}
          padding={STICKY_PADDING}
          fontFamily={FONT_FAMILY}
          fontSize={fitFontSize(item.text, item.w, item.h - top)}
          lineHeight={STICKY_LINE_HEIGHT}
          fill={TEXT_COLOR}
          wrap="word"
          perfectDrawEnabled={false}
        />
      )}
    </Group>
  );
}
