import type { Box } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { useEffect, useMemo } from 'react';
import { useItem } from '../canvas/items/use-item';
import { createStore, useStore } from '../lib/store';
import { boardToScreen } from '../editor/viewport';
import type { Viewport } from '../editor/viewport';
import { FacIcons } from './icons';

/** A changed item to outline on the canvas. */
export interface Highlight {
  itemId: string;
  kind: string;
  box: Box;
}

/** The ids of locked items; follows only the items each change touched, so drags cost O(1). */
function useLockedIds(editor: BoardEditor): readonly string[] {
  const store = useMemo(() => {
    const isLocked = (id: string) =>
      (editor.items.byId(id) as { locked?: boolean } | undefined)?.locked === true;
    const ids = createStore<readonly string[]>(
      editor.items.order.get().filter((id) => isLocked(id)),
    );
    const stop = editor.items.subscribeChanges((touched) => {
      const current = ids.get();
      let next: string[] | null = null;
      for (const id of touched) {
        const was = current.includes(id);
        if (was === isLocked(id)) continue;
        next ??= [...current];
        if (was) next.splice(next.indexOf(id), 1);
        else next.push(id);
      }
      if (next) ids.set(next);
    });
    return { ids, stop };
  }, [editor]);
  useEffect(() => store.stop, [store]);
  return useStore(store.ids);
}

/** A lock at the top-right corner of one locked item, following that item only. */
function LockIcon({
  editor,
  id,
  viewport,
}: {
  editor: BoardEditor;
  id: string;
  viewport: Viewport;
}) {
  const item = useItem(editor.items, id);
  if (!item) return null;
  const corner = boardToScreen(viewport, { x: item.x + item.w, y: item.y });
  return (
    <span
      className="fac-lock"
      data-testid="lock-icon"
      data-item-id={id}
      style={{ left: corner.x - 12, top: corner.y - 12 }}
    >
      {FacIcons.lock()}
    </span>
  );
}

/**
 * HTML drawn over the canvas, never catching the pointer: a lock on every locked item, and the
 * outlines of the items a diff lists.
 */
export function BoardOverlay({
  editor,
  highlights,
}: {
  editor: BoardEditor;
  highlights: readonly Highlight[];
}) {
  const viewport = useStore(editor.viewport);
  const lockedIds = useLockedIds(editor);
  return (
    <div className="fac-overlay" aria-hidden="true">
      {lockedIds.map((id) => (
        <LockIcon key={id} editor={editor} id={id} viewport={viewport} />
      ))}
      {highlights.map((highlight) => {
        const topLeft = boardToScreen(viewport, highlight.box);
        return (
          <div
            key={`${highlight.kind}:${highlight.itemId}`}
            className={`fac-highlight fac-highlight-${highlight.kind}`}
            data-testid="diff-highlight"
            data-item-id={highlight.itemId}
            style={{
              left: topLeft.x - 4,
              top: topLeft.y - 4,
              width: highlight.box.w * viewport.scale + 8,
              height: highlight.box.h * viewport.scale + 8,
            }}
          />
        );
      })}
    </div>
  );
}
