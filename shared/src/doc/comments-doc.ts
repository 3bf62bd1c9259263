import type * as Y from 'yjs';
import {
  COMMENT_TEXT_MAX,
  commentKey,
  commentThreadValidator,
  commentValidator,
  parseCommentKey,
} from '../schema/comment';
import type { CommentRecord, CommentThreadRecord } from '../schema/comment';
import { describeIssue, reportInvalidRecord } from './records';
import { MAP } from './keys';

/*
 * Comment threads on items; the only code that knows this key:
 *   comments:  Y.Map  "<threadId>" -> thread record, "<threadId>/<commentId>" -> comment record
 */
const COMMENTS = MAP.comments;

export function commentsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(COMMENTS);
}

/** One comment as the UI shows it. */
export interface Comment extends CommentRecord {
  id: string;
}

/** A thread with its comments, oldest first. */
export interface CommentThread extends CommentThreadRecord {
  id: string;
  comments: Comment[];
}

const byTimeThenId = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every thread that has at least one valid comment, oldest first. `itemExists`, when given, hides
 * the threads of items no longer on the board (deleting an item keeps its threads, so undoing the
 * delete brings them back, but nobody sees them meanwhile).
 */
export function readCommentThreads(
  doc: Y.Doc,
  itemExists?: (itemId: string) => boolean,
): CommentThread[] {
  const threads = new Map<string, CommentThread>();
  const comments: Comment[] = [];
  for (const [key, value] of commentsMap(doc).entries()) {
    const parsedKey = parseCommentKey(key);
    if (!parsedKey) {
      reportInvalidRecord({ map: COMMENTS, key, reason: 'not a thread or comment key' });
    } else if (parsedKey.kind === 'thread') {
      const parsed = commentThreadValidator.safeParse(value);
      if (parsed.success) threads.set(key, { ...parsed.data, id: key, comments: [] });
      else reportInvalidRecord({ map: COMMENTS, key, reason: describeIssue(parsed.error) });
    } else {
      const parsed = commentValidator.safeParse(value);
      if (!parsed.success)
        reportInvalidRecord({ map: COMMENTS, key, reason: describeIssue(parsed.error) });
      else if (parsed.data.threadId === parsedKey.threadId)
        comments.push({ ...parsed.data, id: parsedKey.commentId });
    }
  }
  for (const comment of comments.sort(byTimeThenId))
    threads.get(comment.threadId)?.comments.push(comment);
  return [...threads.values()]
    .filter((t) => t.comments.length > 0 && (!itemExists || itemExists(t.itemId)))
    .sort(byTimeThenId);
}

/** How many open (unresolved) threads each item has. */
export function openThreadCounts(threads: readonly CommentThread[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const thread of threads)
    if (!thread.resolved) counts.set(thread.itemId, (counts.get(thread.itemId) ?? 0) + 1);
  return counts;
}

/** Who writes a comment, and when. */
export interface CommentAuthor {
  authorId: string;
  name: string;
  now: number;
}

function commentRecord(
  threadId: string,
  author: CommentAuthor,
  text: string,
  mentions: readonly string[],
): CommentRecord {
  return {
    threadId,
    authorId: author.authorId,
    name: author.name.slice(0, 200),
    text: text.slice(0, COMMENT_TEXT_MAX),
    mentions: [...new Set(mentions.map((m) => m.slice(0, 200)))].slice(0, 20),
    createdAt: author.now,
  };
}

/** Opens a thread on an item with its first comment. Blank text opens nothing (returns false). */
export function startThread(
  doc: Y.Doc,
  ids: { threadId: string; commentId: string; itemId: string },
  author: CommentAuthor,
  text: string,
  mentions: readonly string[] = [],
  origin?: unknown,
): boolean {
  if (text.trim() === '') return false;
  const thread: CommentThreadRecord = {
    itemId: ids.itemId,
    authorId: author.authorId,
    name: author.name.slice(0, 200),
    createdAt: author.now,
    resolved: false,
  };
  doc.transact(() => {
    commentsMap(doc).set(ids.threadId, thread);
    commentsMap(doc).set(
      commentKey(ids.threadId, ids.commentId),
      commentRecord(ids.threadId, author, text.trim(), mentions),
    );
  }, origin);
  return true;
}

/** Adds a reply to a thread (which must exist); a reply to a resolved thread reopens it. */
export function replyToThread(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  author: CommentAuthor,
  text: string,
  mentions: readonly string[] = [],
  origin?: unknown,
): boolean {
  const thread = commentThreadValidator.safeParse(commentsMap(doc).get(threadId));
  if (!thread.success || text.trim() === '') return false;
  doc.transact(() => {
    commentsMap(doc).set(
      commentKey(threadId, commentId),
      commentRecord(threadId, author, text.trim(), mentions),
    );
    if (thread.data.resolved)
      commentsMap(doc).set(threadId, {
        ...thread.data,
        resolved: false,
        by: author.name.slice(0, 200),
        resolvedAt: author.now,
      });
  }, origin);
  return true;
}

function ownComment(doc: Y.Doc, threadId: string, commentId: string, authorId: string) {
  const parsed = commentValidator.safeParse(commentsMap(doc).get(commentKey(threadId, commentId)));
  return parsed.success && parsed.data.authorId === authorId ? parsed.data : null;
}

/** Changes the text of one's own comment; false when it is not theirs, gone, or the text blank. */
export function editComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  author: CommentAuthor,
  text: string,
  mentions: readonly string[] = [],
  origin?: unknown,
): boolean {
  const comment = ownComment(doc, threadId, commentId, author.authorId);
  if (!comment || text.trim() === '') return false;
  const next = commentRecord(threadId, author, text.trim(), mentions);
  doc.transact(() => {
    commentsMap(doc).set(commentKey(threadId, commentId), {
      ...next,
      name: comment.name,
      createdAt: comment.createdAt,
      editedAt: author.now,
    });
  }, origin);
  return true;
}

/**
 * Deletes one's own comment; the thread goes with its last comment. False when the comment is
 * not theirs or already gone.
 */
export function deleteComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  authorId: string,
  origin?: unknown,
): boolean {
  if (!ownComment(doc, threadId, commentId, authorId)) return false;
  const prefix = `${threadId}/`;
  const key = commentKey(threadId, commentId);
  const others = [...commentsMap(doc).keys()].filter((k) => k.startsWith(prefix) && k !== key);
  doc.transact(() => {
    commentsMap(doc).delete(key);
    if (others.length === 0) commentsMap(doc).delete(threadId);
  }, origin);
  return true;
}

/** Resolves a thread (it leaves the pin's count) or reopens it; false when there is no thread. */
export function setThreadResolved(
  doc: Y.Doc,
  threadId: string,
  resolved: boolean,
  by: string,
  now: number,
  origin?: unknown,
): boolean {
  const thread = commentThreadValidator.safeParse(commentsMap(doc).get(threadId));
  if (!thread.success) return false;
  if (thread.data.resolved === resolved) return true;
  doc.transact(() => {
    commentsMap(doc).set(threadId, {
      ...thread.data,
      resolved,
      by: by.slice(0, 200),
      resolvedAt: now,
    });
  }, origin);
  return true;
}

/** Every name that wrote a comment on the board, for @mention suggestions. */
export function commentAuthorNames(threads: readonly CommentThread[]): string[] {
  const names = new Set<string>();
  for (const thread of threads) for (const c of thread.comments) if (c.name) names.add(c.name);
  return [...names];
}

/** A comment that names a person, with where to find it. */
export interface MentionOf {
  threadId: string;
  commentId: string;
  itemId: string;
}

/**
 * The comments that @mention `name` (compared without case), written by someone else; `isRead`
 * drops the ones this person has already read.
 */
export function mentionsOf(
  threads: readonly CommentThread[],
  name: string,
  userId: string,
  isRead: (commentId: string) => boolean = () => false,
): MentionOf[] {
  const wanted = name.trim().toLocaleLowerCase();
  if (wanted === '') return [];
  const found: MentionOf[] = [];
  for (const thread of threads)
    for (const comment of thread.comments)
      if (
        comment.authorId !== userId &&
        !isRead(comment.id) &&
        comment.mentions.some((m) => m.trim().toLocaleLowerCase() === wanted)
      )
        found.push({ threadId: thread.id, commentId: comment.id, itemId: thread.itemId });
  return found;
}

/** The threads as records by key, as the board file carries them (threads of items on the board). */
export function commentRecords(
  threads: readonly CommentThread[],
): Record<string, CommentThreadRecord | CommentRecord> {
  const records: Record<string, CommentThreadRecord | CommentRecord> = {};
  for (const { id, comments, ...thread } of threads) {
    records[id] = thread;
    for (const { id: commentId, ...comment } of comments)
      records[commentKey(id, commentId)] = comment;
  }
  return records;
}
