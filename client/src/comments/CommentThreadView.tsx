import type { Comment, CommentThread } from '@weboard/shared';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { deleteOwnComment, editOwnComment, replyTo, resolveThread } from '../editor/comments';
import type { Commenter } from '../editor/comments';
import { useCanEdit, useEditor } from '../editor/editor-context';
import { CommentComposer } from './CommentComposer';

/** "just now", "5 min ago", "3 h ago", then the date: when a comment was written. */
export function commentTime(at: number, now = Date.now()): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** A comment's text with the people it names set apart. */
export function CommentText({ comment }: { comment: Comment }) {
  const parts: ReactNode[] = [];
  const names = [...comment.mentions].sort((a, b) => b.length - a.length);
  let rest = comment.text;
  let key = 0;
  while (rest.length > 0) {
    const lower = rest.toLowerCase();
    let at = -1;
    let found = '';
    for (const name of names) {
      const i = lower.indexOf(`@${name.toLowerCase()}`);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        found = name;
      }
    }
    if (at < 0) {
      parts.push(rest);
      break;
    }
    if (at > 0) parts.push(rest.slice(0, at));
    parts.push(
      <span key={key++} className="comment-mention">
        {rest.slice(at, at + found.length + 1)}
      </span>,
    );
    rest = rest.slice(at + found.length + 1);
  }
  return <p className="comment-text">{parts}</p>;
}

interface ThreadProps {
  thread: CommentThread;
  me: Commenter;
  people: readonly string[];
}

/** One thread: its comments (edit and delete one's own), a reply box, resolve or reopen. */
export function CommentThreadView({ thread, me, people }: ThreadProps) {
  const editor = useEditor();
  const canEdit = useCanEdit();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section
      className={thread.resolved ? 'comment-thread resolved' : 'comment-thread'}
      data-testid="comment-thread"
      data-thread={thread.id}
      data-resolved={thread.resolved}
    >
      {thread.resolved && (
        <p className="comment-resolved-note" data-testid="thread-resolved-note">
          ✓ Resolved{thread.by ? ` by ${thread.by}` : ''}
        </p>
      )}
      {thread.comments.map((comment) => (
        <article key={comment.id} className="comment" data-testid="comment">
          <header className="comment-head">
            <strong className="comment-author">{comment.name || 'Someone'}</strong>
            <time className="comment-time" dateTime={new Date(comment.createdAt).toISOString()}>
              {commentTime(comment.createdAt)}
              {comment.editedAt !== undefined && ' · edited'}
            </time>
            {canEdit && comment.authorId === me.userId && editing !== comment.id && (
              <span className="comment-own-actions">
                <button
                  type="button"
                  className="comment-action"
                  data-testid="comment-edit"
                  onClick={() => setEditing(comment.id)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="comment-action"
                  data-testid="comment-delete"
                  onClick={() => deleteOwnComment(editor, thread.id, comment.id, me)}
                >
                  Delete
                </button>
              </span>
            )}
          </header>
          {editing === comment.id ? (
            <CommentComposer
              people={people}
              initial={comment.text}
              placeholder="Edit comment"
              submitLabel="Save"
              testId="comment-edit-input"
              autoFocus
              onCancel={() => setEditing(null)}
              onSubmit={(text, mentions) => {
                const done = editOwnComment(editor, thread.id, comment.id, me, text, mentions);
                if (done) setEditing(null);
                return done;
              }}
            />
          ) : (
            <CommentText comment={comment} />
          )}
        </article>
      ))}
      {canEdit && (
        <div className="comment-thread-foot">
          <CommentComposer
            people={people}
            placeholder="Reply… (@ to mention)"
            submitLabel="Reply"
            testId="comment-reply"
            onSubmit={(text, mentions) => replyTo(editor, thread.id, me, text, mentions)}
          />
          <button
            type="button"
            className="button button-ghost button-small"
            data-testid={thread.resolved ? 'thread-reopen' : 'thread-resolve'}
            onClick={() => resolveThread(editor, thread.id, !thread.resolved, me)}
          >
            {thread.resolved ? 'Reopen' : '✓ Resolve'}
          </button>
        </div>
      )}
    </section>
  );
}
