import { z } from 'zod';

/*
 * Comment threads on items, stored in the board's `comments` map as plain records:
 *   "<threadId>"              -> the thread: which item, who opened it, resolved or open
 *   "<threadId>/<commentId>"  -> one comment of it (the first is the question, the rest replies)
 * A thread and each of its comments are separate records, so resolving a thread while someone
 * edits a reply, or two people replying at once, never overwrite each other.
 */

/** The longest comment, in characters (a longer one is cut, with the cut mark, by the guard). */
export const COMMENT_TEXT_MAX = 4000;
/** At most this many people named in one comment. */
export const COMMENT_MENTIONS_MAX = 20;

const recordId = z.string().min(1).max(64);
const personId = z.string().min(1).max(200);
const personName = z.string().max(200);
const time = z.number().finite().nonnegative();

/** A thread: the item it is about, who opened it and when, and whether it is resolved. */
export const commentThreadValidator = z.object({
  itemId: recordId,
  authorId: personId,
  name: personName,
  createdAt: time,
  resolved: z.boolean(),
  /** Who last resolved or reopened it (absent until then). */
  by: personName.optional(),
  resolvedAt: time.optional(),
});
export type CommentThreadRecord = z.infer<typeof commentThreadValidator>;

/** One comment of a thread: its author, text, the people it names and when. */
export const commentValidator = z.object({
  threadId: recordId,
  authorId: personId,
  name: personName,
  text: z.string().min(1).max(COMMENT_TEXT_MAX),
  /** The display names of the people it @mentions, as they were written. */
  mentions: z.array(personName).max(COMMENT_MENTIONS_MAX),
  createdAt: time,
  editedAt: time.optional(),
});
export type CommentRecord = z.infer<typeof commentValidator>;

/** The key of a comment: its thread's id, a slash, its own id. */
export function commentKey(threadId: string, commentId: string): string {
  return `${threadId}/${commentId}`;
}

/**
 * What a key of the `comments` map names: a thread (no slash) or a comment of a thread; null for
 * a key no record may have.
 */
export function parseCommentKey(
  key: string,
):
  | { kind: 'thread'; threadId: string }
  | { kind: 'comment'; threadId: string; commentId: string }
  | null {
  const slash = key.indexOf('/');
  if (slash < 0)
    return key.length > 0 && key.length <= 64 ? { kind: 'thread', threadId: key } : null;
  const threadId = key.slice(0, slash);
  const commentId = key.slice(slash + 1);
  if (threadId.length === 0 || threadId.length > 64) return null;
  if (commentId.length === 0 || commentId.length > 64 || commentId.includes('/')) return null;
  return { kind: 'comment', threadId, commentId };
}
