import type Konva from 'konva';
import { FRAME_TITLE_HEIGHT, PALETTE } from '@weboard/shared';
import type { FrameItem } from '@weboard/shared';
import type { Ref } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { CHROME, useCanvasTheme } from '../canvas-theme';
import { FONT_FAMILY, FRAME_SHADOW } from '../theme';
import { SoftShadow } from './SoftShadow';

const FRAME_RADIUS = 6;

/** A titled area; gray frames are white sheets, coloured ones a light tint (team lanes). */
export function FrameNode({
  item,
  editing,
  nodeRef,
}: {
  item: FrameItem;
  editing: boolean;
  /** The item's root node, which ItemNode moves. */
  nodeRef?: Ref<Konva.Group>;
}) {
  const chrome = CHROME[useCanvasTheme()];
  return (
    <Group
      ref={nodeRef}
      id={item.id}
      name="item frame"
      x={item.x}
      y={item.y}
      rotation={item.rotation}
    >
      <SoftShadow
        outline="rect"
        w={item.w}
        h={item.h}
        radius={FRAME_RADIUS}
        style={FRAME_SHADOW}
        opaque={item.color === 'gray'}
      />
      <Rect
        width={item.w}
        height={item.h}
        fill={item.color === 'gray' ? chrome.grayFrame : PALETTE[item.color]}
        opacity={item.color === 'gray' ? 1 : 0.45}
        cornerRadius={FRAME_RADIUS}
        perfectDrawEnabled={false}
      />
      <Rect
        width={item.w}
        height={item.h}
        cornerRadius={FRAME_RADIUS}
        stroke={chrome.frameStroke}
        strokeWidth={1}
      />
      {!editing && (
        <Text
          y={-FRAME_TITLE_HEIGHT + 6}
          text={item.title || 'Frame'}
          width={item.w}
          fontFamily={FONT_FAMILY}
          fontSize={15}
          fontStyle="600"
          fill={chrome.frameTitle}
          wrap="none"
          ellipsis
        />
      )}
    </Group>
  );
}
