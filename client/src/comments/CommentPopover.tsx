import type { CommentThread } from '@weboard/shared';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useItemsChanges } from '../canvas/items/use-item';
import { commentOnItem } from '../editor/comments';
import type { Commenter } from '../editor/comments';
import { useStore } from '../lib/store';
import { boardToScreen } from '../editor/viewport';
import { useCanEdit, useEditor } from '../editor/editor-context';
import { CommentComposer } from './CommentComposer';
import { CommentThreadView } from './CommentThreadView';
import { openComments } from './comment-state';
import type { OpenComments } from './comment-state';

const WIDTH = 320;
const GAP = 24;
const MARGIN = 12;

interface PopoverProps {
  open: OpenComments;
  threads: readonly CommentThread[];
  me: Commenter;
  people: readonly string[];
  /** Called with the comments shown, so the mentions among them count as read. */
  onRead(commentIds: string[]): void;
}

/**
 * The threads of one item, beside it: open ones first, resolved ones folded under "Resolved", and
 * a box to start a new thread. Follows the item as the camera or the item moves; Escape or × closes.
 */
export function CommentPopover({ open, threads, me, people, onRead }: PopoverProps) {
  const editor = useEditor();
  const canEdit = useCanEdit();
  const viewport = useStore(editor.viewport);
  const canvas = useStore(editor.canvasSize);
  const ids = [open.itemId];
  useItemsChanges(editor.items, ids);
  const node = useRef<HTMLDivElement>(null);
  const mine = threads.filter((t) => t.itemId === open.itemId);
  const openOnes = mine.filter((t) => !t.resolved);
  const resolved = mine.filter((t) => t.resolved);
  const wanted = resolved.some((t) => t.id === open.threadId);
  // Resolved threads fold away unless the one asked for is among them, or one unfolds them.
  const [unfold, setUnfold] = useState<boolean | null>(null);
  const showResolved = unfold ?? wanted;
  const item = editor.lookup(open.itemId);

  const shownIds = [...openOnes, ...(showResolved ? resolved : [])]
    .flatMap((t) => t.comments.map((c) => c.id))
    .join();
  useEffect(() => {
    if (shownIds) onRead(shownIds.split(','));
  }, [shownIds, onRead]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') openComments.set(null);
    };
    // A press on the board itself closes it, as a click outside a popover does.
    const onPress = (event: PointerEvent) => {
      if (event.target instanceof HTMLCanvasElement) openComments.set(null);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPress);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPress);
    };
  }, []);
  // Its height is known only once laid out: kept above the tool dock straight after each render.
  useLayoutEffect(() => {
    const el = node.current;
    if (!el) return;
    const wantedTop = Number.parseFloat(el.dataset.top ?? '0');
    const room = editor.canvasSize.get().height - el.offsetHeight - 96;
    el.style.top = `${Math.max(72, Math.min(wantedTop, room))}px`;
  });
  useLayoutEffect(() => {
    if (!open.threadId) return;
    node.current
      ?.querySelector(`[data-thread="${CSS.escape(open.threadId)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [open.threadId, showResolved]);

  if (!item) return null;
  const box = editor.itemBox(item);
  const right = boardToScreen(viewport, { x: box.x + box.w, y: box.y });
  const left = boardToScreen(viewport, { x: box.x, y: box.y });
  // Beside the item, on the right when it fits, else on the left, else over it at the edge.
  const x =
    right.x + GAP + WIDTH <= canvas.width - MARGIN
      ? right.x + GAP
      : left.x - GAP - WIDTH >= MARGIN
        ? left.x - GAP - WIDTH
        : canvas.width - WIDTH - MARGIN;
  const y = Math.max(72, right.y);

  return (
    <div
      ref={node}
      className="comment-popover"
      role="dialog"
      aria-label="Comments"
      data-testid="comment-popover"
      data-item={open.itemId}
      data-top={y}
      style={{ left: x, top: y, width: WIDTH }}
      onPointerDown={(event) => event.stopPropagation()}
    >
      <header className="comment-popover-head">
        <strong>Comments</strong>
        <button
          type="button"
          className="icon-button"
          aria-label="Close comments"
          data-testid="comment-popover-close"
          onClick={() => openComments.set(null)}
        >
          ×
        </button>
      </header>
      <div className="comment-popover-body">
        {openOnes.map((thread) => (
          <CommentThreadView key={thread.id} thread={thread} me={me} people={people} />
        ))}
        {mine.length === 0 && !canEdit && <p className="comment-empty">No comments yet.</p>}
        {resolved.length > 0 && (
          <button
            type="button"
            className="comment-resolved-toggle"
            aria-expanded={showResolved}
            data-testid="comment-show-resolved"
            onClick={() => setUnfold(!showResolved)}
          >
            {showResolved ? '▾' : '▸'} Resolved ({resolved.length})
          </button>
        )}
        {showResolved &&
          resolved.map((thread) => (
            <CommentThreadView key={thread.id} thread={thread} me={me} people={people} />
          ))}
      </div>
      {canEdit && (
        <CommentComposer
          people={people}
          placeholder={
            mine.length === 0 ? 'Add a comment… (@ to mention)' : 'New thread… (@ to mention)'
          }
          submitLabel="Comment"
          testId="comment-new"
          autoFocus={open.compose || mine.length === 0}
          onSubmit={(text, mentions) =>
            commentOnItem(editor, open.itemId, me, text, mentions) !== null
          }
        />
      )}
    </div>
  );
}
