import { openThreadCounts } from '@weboard/shared';
import type { CommentThread } from '@weboard/shared';
import { useMemo } from 'react';
import { useItemsChanges } from '../canvas/items/use-item';
import { useStore } from '../lib/store';
import { boardToScreen } from '../editor/viewport';
import { useEditor } from '../editor/editor-context';
import { openComments } from './comment-state';

const PIN = 26;

/**
 * A pin on the top-right corner of every item with open threads, showing how many; a click opens
 * the item's threads beside it. Resolved threads leave the count (and the pin, with the last one).
 */
export function CommentPins({ threads }: { threads: readonly CommentThread[] }) {
  const editor = useEditor();
  const viewport = useStore(editor.viewport);
  const canvas = useStore(editor.canvasSize);
  const current = useStore(openComments);
  const counts = useMemo(() => openThreadCounts(threads), [threads]);
  const ids = useMemo(() => [...counts.keys()], [counts]);
  // Pins follow their items as they move.
  useItemsChanges(editor.items, ids);
  if (ids.length === 0) return null;
  return (
    <div className="comment-pins">
      {ids.map((id) => {
        const item = editor.lookup(id);
        if (!item) return null;
        const box = editor.itemBox(item);
        const at = boardToScreen(viewport, { x: box.x + box.w, y: box.y });
        if (at.x < -PIN || at.y < -PIN || at.x > canvas.width + PIN || at.y > canvas.height + PIN)
          return null;
        const count = counts.get(id)!;
        return (
          <button
            key={id}
            type="button"
            className={current?.itemId === id ? 'comment-pin open' : 'comment-pin'}
            style={{ left: at.x - PIN / 2, top: at.y - PIN / 2 }}
            data-testid="comment-pin"
            data-item={id}
            aria-label={`${count} open comment thread${count === 1 ? '' : 's'}`}
            title="Comments"
            onClick={() =>
              openComments.set(current?.itemId === id ? null : { itemId: id, threadId: null })
            }
          >
            <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true">
              <path
                d="M4 4h16v12H8l-4 4z"
                fill="currentColor"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinejoin="round"
              />
            </svg>
            <span className="comment-pin-count">{count}</span>
          </button>
        );
      })}
    </div>
  );
}
