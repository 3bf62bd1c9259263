import Konva from 'konva';
import { Fragment, useEffect, useRef, useState } from 'react';
import { Group, Label, Layer, Path, Rect, Tag, Text } from 'react-konva';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../editor/store';
import { FONT_FAMILY } from './theme';

const NEVER = { get: () => 0, set: () => {}, subscribe: () => () => {} };

/** A classic arrow pointer, tip at (0, 0). */
const POINTER_PATH = 'M1 1 L1 17.5 L5.6 13.4 L8.7 20.2 L11.6 18.9 L8.6 12.3 L14.6 12.1 Z';

interface PresenceLayerProps {
  presence: Presence;
  editor: BoardEditor;
  /** The name of a person's team, shown after their name on the cursor. */
  teamName?: (teamId: string | null | undefined) => string | null;
}

/**
 * Other people's selections and cursors, on their own layer so a cursor moving (20 times a
 * second per person) never redraws the notes. Cursors keep a constant on-screen size.
 */
export function PresenceLayer({ presence, editor, teamName }: PresenceLayerProps) {
  const remote = useStore(presence.remote);
  const scale = useStore(editor.viewport).scale;
  // Outlines follow the items they surround; only people with a selection need that.
  useStore(remote.some((peer) => peer.selection.length > 0) ? editor.items.version : NEVER);
  const inverse = 1 / scale;
  return (
    <Layer listening={false}>
      {remote.map((peer) => (
        <Fragment key={peer.clientId}>
          {peer.selection.map((id) => {
            const item = editor.items.byId(id);
            if (!item) return null;
            return (
              <Rect
                key={id}
                x={item.x - 5 * inverse}
                y={item.y - 5 * inverse}
                width={item.w + 10 * inverse}
                height={item.h + 10 * inverse}
                rotation={item.rotation}
                cornerRadius={9}
                stroke={peer.user.color}
                strokeWidth={2 * inverse}
                dash={[6 * inverse, 4 * inverse]}
              />
            );
          })}
        </Fragment>
      ))}
      {remote.map((peer) =>
        peer.cursor ? (
          <RemoteCursor
            key={peer.clientId}
            name={cursorLabel(peer.user.name, teamName?.(peer.teamId))}
            color={peer.user.color}
            x={peer.cursor.x}
            y={peer.cursor.y}
            scale={inverse}
          />
        ) : null,
      )}
    </Layer>
  );
}

function cursorLabel(name: string, team: string | null | undefined): string {
  return team ? `${name} · ${team}` : name;
}

interface RemoteCursorProps {
  name: string;
  color: string;
  x: number;
  y: number;
  scale: number;
}

/**
 * One remote pointer. Positions arrive ~20 times a second; a short tween between them makes the
 * movement look continuous instead of stepping.
 */
function RemoteCursor({ name, color, x, y, scale }: RemoteCursorProps) {
  const ref = useRef<Konva.Group>(null);
  const [initial] = useState({ x, y });

  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const tween = new Konva.Tween({ node, x, y, duration: 0.08 });
    tween.play();
    return () => tween.destroy();
  }, [x, y]);

  return (
    <Group ref={ref} x={initial.x} y={initial.y} scaleX={scale} scaleY={scale}>
      <Path
        data={POINTER_PATH}
        fill={color}
        stroke="#ffffff"
        strokeWidth={1.5}
        lineJoin="round"
        shadowColor="#0f172a"
        shadowOpacity={0.25}
        shadowBlur={3}
        shadowOffsetY={1}
      />
      <Label x={14} y={20}>
        <Tag fill={color} cornerRadius={6} />
        <Text
          text={name}
          fontFamily={FONT_FAMILY}
          fontSize={12}
          fontStyle="600"
          fill="#ffffff"
          padding={5}
        />
      </Label>
    </Group>
  );
}
