import { findableText } from '@weboard/shared';
import type { CommentThread } from '@weboard/shared';
import { useState } from 'react';
import type { BoardEditor } from '../editor/editor';
import { useEditor } from '../editor/editor-context';
import { CommentText } from './CommentThreadView';
import { openComments } from './comment-state';

/** A few words that name an item in a list: the start of its text, or its kind. */
export function itemLabel(editor: BoardEditor, itemId: string): string {
  const item = editor.lookup(itemId);
  if (!item) return 'An item';
  const text = findableText(item).split('\n')[0]!.trim();
  if (!text) return item.type === 'sticky' ? 'A note' : `A ${item.type}`;
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

/** Brings an item into view and selects it, then opens its threads (with `threadId` first). */
export function goToThread(editor: BoardEditor, itemId: string, threadId: string | null): void {
  const item = editor.lookup(itemId);
  if (!item) return;
  editor.select([itemId]);
  editor.showBox(editor.itemBox(item), 160);
  openComments.set({ itemId, threadId });
}

function ThreadRow({ thread }: { thread: CommentThread }) {
  const editor = useEditor();
  const first = thread.comments[0]!;
  const replies = thread.comments.length - 1;
  return (
    <li>
      <button
        type="button"
        className="comments-panel-row"
        data-testid="comments-panel-thread"
        data-thread={thread.id}
        onClick={() => goToThread(editor, thread.itemId, thread.id)}
      >
        <span className="comments-panel-item">{itemLabel(editor, thread.itemId)}</span>
        <span className="comments-panel-first">
          <strong>{first.name || 'Someone'}:</strong> <CommentText comment={first} />
        </span>
        {replies > 0 && (
          <span className="comments-panel-replies">
            {replies} {replies === 1 ? 'reply' : 'replies'}
          </span>
        )}
      </button>
    </li>
  );
}

/** The side panel of every thread: open ones (click goes to the item), then resolved ones. */
export function CommentsPanel({
  threads,
  onClose,
}: {
  threads: readonly CommentThread[];
  onClose(): void;
}) {
  const open = threads.filter((t) => !t.resolved);
  const resolved = threads.filter((t) => t.resolved);
  const [showResolved, setShowResolved] = useState(false);
  return (
    <aside className="panel comments-panel" data-testid="comments-panel" aria-label="Comments">
      <div className="comments-panel-head">
        <strong>Comments</strong>
        <button
          type="button"
          className="button button-ghost button-small"
          aria-label="Close"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <h3 className="comments-panel-title">Open ({open.length})</h3>
      {open.length === 0 ? (
        <p className="comment-empty">
          No open questions. Select an item and press Comment to ask one.
        </p>
      ) : (
        <ul className="comments-panel-list" data-testid="comments-panel-open">
          {open.map((thread) => (
            <ThreadRow key={thread.id} thread={thread} />
          ))}
        </ul>
      )}
      {resolved.length > 0 && (
        <>
          <button
            type="button"
            className="comment-resolved-toggle"
            aria-expanded={showResolved}
            data-testid="comments-panel-show-resolved"
            onClick={() => setShowResolved((s) => !s)}
          >
            {showResolved ? '▾' : '▸'} Resolved ({resolved.length})
          </button>
          {showResolved && (
            <ul className="comments-panel-list resolved" data-testid="comments-panel-resolved">
              {resolved.map((thread) => (
                <ThreadRow key={thread.id} thread={thread} />
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
