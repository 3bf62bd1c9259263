import { useMemo } from 'react';
import { Layer, Rect } from 'react-konva';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { useItemsChanges, useStoreValue } from './items/use-item';

interface PresenceLayerProps {
  presence: Presence;
  editor: BoardEditor;
}

/**
 * Dashed outlines around what other people have selected, in their colour, on a layer of their
 * own. It is redrawn when someone's selection changes or a selected item changes, never for a
 * cursor move (cursors are DOM over the canvas: see RemoteCursors) nor for changes elsewhere.
 */
export function PresenceLayer({ presence, editor }: PresenceLayerProps) {
  const people = useStore(presence.people);
  const key = people.map((peer) => peer.selection.join(',')).join(';');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the ids' contents
  const ids = useMemo(() => [...new Set(people.flatMap((peer) => peer.selection))], [key]);
  useItemsChanges(editor.items, ids);
  const scale = useStoreValue(editor.viewport, (v) => v.scale);
  const inverse = 1 / scale;
  return (
    <Layer name="presence-layer" listening={false}>
      {people.map((peer) =>
        peer.selection.map((id) => {
          const item = editor.items.byId(id);
          if (!item) return null;
          return (
            <Rect
              key={`${peer.clientId}:${id}`}
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
        }),
      )}
    </Layer>
  );
}
