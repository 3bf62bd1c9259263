import Konva from 'konva';
import { Fragment, useCallback, useEffect, useState } from 'react';
import { Group, Label, Layer, Path, Rect, Tag, Text } from 'react-konva';
import type { Presence, RemotePresence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../editor/store';
import { CursorMotion } from './cursor-motion';
import { useStoreValue } from './items/use-item';
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
 * Moves remote cursors every display frame, outside React: awareness brings a new position per
 * person at most ~20 times a second, and each one starts a glide (see CursorMotion) that a Konva
 * animation plays frame by frame on the presence layer only. React renders the cursors (name,
 * colour, size) but never their position after the first, so a frame costs no React work. The
 * animation stops as soon as every cursor has arrived.
 */
class CursorAnimator {
  private readonly motions = new Map<number, CursorMotion>();
  private readonly nodes = new Map<number, Konva.Group>();
  private animation: Konva.Animation | null = null;
  private layer: Konva.Layer | null = null;

  /** The presence layer's ref: the one layer the animation redraws. */
  readonly setLayer = (layer: Konva.Layer | null) => {
    this.layer = layer;
  };

  /** New awareness: new targets for the cursors that moved. */
  update(remote: readonly RemotePresence[]) {
    const now = performance.now();
    const present = new Set<number>();
    for (const peer of remote) {
      if (!peer.cursor) continue;
      present.add(peer.clientId);
      const motion = this.motions.get(peer.clientId);
      if (motion) motion.push(peer.cursor, now);
      else this.motions.set(peer.clientId, new CursorMotion(peer.cursor, now));
    }
    // A cursor that left and comes back appears where it is, without gliding in from before.
    for (const id of [...this.motions.keys()]) if (!present.has(id)) this.motions.delete(id);
    this.run();
  }

  /** A cursor's node mounted (or unmounted, with null). */
  register(clientId: number, node: Konva.Group | null) {
    if (!node) {
      this.nodes.delete(clientId);
      return;
    }
    this.nodes.set(clientId, node);
    const motion = this.motions.get(clientId);
    if (motion) node.position(motion.at(performance.now()));
  }

  private run() {
    if (this.animation?.isRunning()) return;
    const layer = this.layer;
    if (!layer) return;
    this.animation ??= new Konva.Animation(() => this.frame(), layer);
    this.animation.start();
  }

  private frame() {
    const now = performance.now();
    let moving = false;
    for (const [clientId, node] of this.nodes) {
      const motion = this.motions.get(clientId);
      if (!motion) continue;
      node.position(motion.at(now));
      moving ||= !motion.settled(now);
    }
    if (!moving) {
      // This frame, with every cursor at its target, is still drawn; then nothing until news.
      this.animation?.stop();
      this.layer?.batchDraw();
    }
  }

  dispose() {
    this.animation?.stop();
    this.animation = null;
  }
}

/**
 * Other people's selections and cursors, on their own layer so a cursor moving (20 times a
 * second per person) never redraws the notes. Cursors keep a constant on-screen size.
 */
export function PresenceLayer({ presence, editor, teamName }: PresenceLayerProps) {
  const remote = useStore(presence.remote);
  const [cursors] = useState(() => new CursorAnimator());
  const setLayer = useCallback((node: Konva.Layer | null) => cursors.setLayer(node), [cursors]);
  const register = useCallback(
    (clientId: number, node: Konva.Group | null) => cursors.register(clientId, node),
    [cursors],
  );
  useEffect(() => {
    cursors.update(presence.remote.get());
    const stop = presence.remote.subscribe(() => cursors.update(presence.remote.get()));
    return () => {
      stop();
      cursors.dispose();
    };
  }, [cursors, presence]);
  const scale = useStoreValue(editor.viewport, (v) => v.scale);
  // Outlines follow the items they surround; only people with a selection need that.
  useStore(remote.some((peer) => peer.selection.length > 0) ? editor.items.version : NEVER);
  const inverse = 1 / scale;
  return (
    <Layer ref={setLayer} name="presence-layer" listening={false}>
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
            clientId={peer.clientId}
            name={cursorLabel(peer.user.name, teamName?.(peer.teamId))}
            color={peer.user.color}
            at={peer.cursor}
            scale={inverse}
            register={register}
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
  clientId: number;
  name: string;
  color: string;
  /** Where the cursor first appears; later moves go through the animator, not React. */
  at: { x: number; y: number };
  scale: number;
  register(clientId: number, node: Konva.Group | null): void;
}

/** One remote pointer with its name tag, kept the same size on screen at any zoom. */
function RemoteCursor({ clientId, name, color, at, scale, register }: RemoteCursorProps) {
  const [initial] = useState(at);
  const setNode = useCallback(
    (node: Konva.Group | null) => register(clientId, node),
    [register, clientId],
  );
  return (
    <Group
      ref={setNode}
      name="remote-cursor"
      id={`cursor-${clientId}`}
      x={initial.x}
      y={initial.y}
      scaleX={scale}
      scaleY={scale}
    >
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
