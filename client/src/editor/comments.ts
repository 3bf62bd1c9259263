import {
  deleteComment,
  editComment,
  newItemId,
  replyToThread,
  setThreadResolved,
  startThread,
} from '@weboard/shared';
import type { CommentAuthor } from '@weboard/shared';
import type { BoardEditor } from './editor';
import { LOCAL_ORIGIN } from './gate';

/*
 * Comment writes, through the editor's gate: a viewer or a snapshot preview changes nothing. A
 * locked item may still be commented on (a question about a card is not an edit of it). Each is
 * its own undo step of this person's (the undo manager tracks the comments map too).
 */

/** Who is writing, now. */
export interface Commenter {
  userId: string;
  name: string;
}

const author = (who: Commenter): CommentAuthor => ({
  authorId: who.userId,
  name: who.name,
  now: Date.now(),
});

/** Opens a thread on an item; returns its id, or null when nothing was written. */
export function commentOnItem(
  editor: BoardEditor,
  itemId: string,
  who: Commenter,
  text: string,
  mentions: readonly string[],
): string | null {
  const threadId = newItemId();
  let done = false;
  editor.changeStep(() => {
    done = startThread(
      editor.doc,
      { threadId, commentId: newItemId(), itemId },
      author(who),
      text,
      mentions,
      LOCAL_ORIGIN,
    );
  });
  return done ? threadId : null;
}

export function replyTo(
  editor: BoardEditor,
  threadId: string,
  who: Commenter,
  text: string,
  mentions: readonly string[],
): boolean {
  let done = false;
  editor.changeStep(() => {
    done = replyToThread(
      editor.doc,
      threadId,
      newItemId(),
      author(who),
      text,
      mentions,
      LOCAL_ORIGIN,
    );
  });
  return done;
}

export function editOwnComment(
  editor: BoardEditor,
  threadId: string,
  commentId: string,
  who: Commenter,
  text: string,
  mentions: readonly string[],
): boolean {
  let done = false;
  editor.changeStep(() => {
    done = editComment(editor.doc, threadId, commentId, author(who), text, mentions, LOCAL_ORIGIN);
  });
  return done;
}

export function deleteOwnComment(
  editor: BoardEditor,
  threadId: string,
  commentId: string,
  who: Commenter,
): boolean {
  let done = false;
  editor.changeStep(() => {
    done = deleteComment(editor.doc, threadId, commentId, who.userId, LOCAL_ORIGIN);
  });
  return done;
}

export function resolveThread(
  editor: BoardEditor,
  threadId: string,
  resolved: boolean,
  who: Commenter,
): boolean {
  let done = false;
  editor.changeStep(() => {
    done = setThreadResolved(editor.doc, threadId, resolved, who.name, Date.now(), LOCAL_ORIGIN);
  });
  return done;
}
