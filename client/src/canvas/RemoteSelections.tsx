import type { BoardItem } from '@weboard/shared';
import { useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import { useStore } from '../lib/store';
import { useStoreValue } from './items/use-item';

/** How far (screen pixels) an outline lies outside the item it surrounds. */
const OUTLINE_GAP_PX = 5;

interface RemoteSelectionsProps {
  presence: Presence;
  editor: BoardEditor;
}

/** Where an outline's corner lies and how it turns, for an item at `scale`. */
function placement(item: BoardItem, scale: number) {
  const x = item.x * scale;
  const y = item.y * scale;
  return {
    x: x - OUTLINE_GAP_PX,
    y: y - OUTLINE_GAP_PX,
    transform: item.rotation ? `rotate(${item.rotation} ${x} ${y})` : undefined,
  };
}

/**
 * Dashed outlines around what other people have selected, in their colour: an SVG over the canvas,
 * not a Konva layer. In software rendering the browser copies every visible canvas to the
 * compositor on every frame, changed or not (~0.6 ms for a window-sized one; `pnpm bench:room
 * --trace`: Canvas2DResourceProvider::ProduceCanvasResource in each Commit), and a room draws a
 * frame per presence tick for its moving cursors: a canvas of its own for these outlines cost
 * ~0.7 ms of main-thread CPU per frame. Re-rendered when someone's selection changes, a selected
 * item's look changes or the zoom changes; a pan only moves the group (written here, in the same
 * task as the stage's own move), never for a cursor move. A move of a selected item (someone
 * dragging what they selected) moves its outlines directly, in the task that applies the change,
 * as the item's node is moved (usePlacedNode): a render per move was a task of its own, and often
 * a frame of its own after the canvas' (1.1-1.3 ms of main-thread CPU per remote move).
 */
export function RemoteSelections({ presence, editor }: RemoteSelectionsProps) {
  const people = useStore(presence.people);
  const key = people.map((peer) => peer.selection.join(',')).join(';');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the ids' contents
  const ids = useMemo(() => [...new Set(people.flatMap((peer) => peer.selection))], [key]);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const scale = useStoreValue(editor.viewport, (v) => v.scale);
  const group = useRef<SVGGElement>(null);
  useLayoutEffect(() => {
    const place = () => {
      const { x, y } = editor.viewport.get();
      group.current?.setAttribute('transform', `translate(${x} ${y})`);
    };
    place();
    return editor.viewport.subscribe(place);
  }, [editor]);
  // A selected item's change: a move places its outlines, anything else renders them again.
  useLayoutEffect(() => {
    const looks = new Map(ids.map((id) => [id, editor.items.lookOf(id)]));
    const stops = ids.map((id) =>
      editor.items.subscribeItem(id, () => {
        const item = editor.items.byId(id);
        const look = editor.items.lookOf(id);
        if (!item || look !== looks.get(id)) {
          looks.set(id, look);
          rerender();
          return;
        }
        const at = placement(item, editor.viewport.get().scale);
        for (const rect of group.current?.children ?? []) {
          if (rect.getAttribute('data-item-id') !== id) continue;
          rect.setAttribute('x', String(at.x));
          rect.setAttribute('y', String(at.y));
          if (at.transform) rect.setAttribute('transform', at.transform);
        }
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [editor, ids]);
  return (
    <svg className="remote-selections" aria-hidden="true">
      <g ref={group}>
        {people.map((peer) =>
          peer.selection.map((id) => {
            const item = editor.items.byId(id);
            if (!item) return null;
            const at = placement(item, scale);
            return (
              <rect
                key={`${peer.clientId}:${id}`}
                data-client-id={peer.clientId}
                data-item-id={id}
                x={at.x}
                y={at.y}
                width={item.w * scale + 2 * OUTLINE_GAP_PX}
                height={item.h * scale + 2 * OUTLINE_GAP_PX}
                rx={9 * scale}
                transform={at.transform}
                fill="none"
                stroke={peer.user.color}
                strokeWidth={2}
                strokeDasharray="6 4"
              />
            );
          }),
        )}
      </g>
    </svg>
  );
}
