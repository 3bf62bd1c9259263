import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardShape } from './shape';
import { addItem, initBoard } from './board-doc';
import { boardFileToDoc, exportBoardFile, parseBoardFile } from './board-file';
import { reconcileBoard } from './reconcile';
import { makeSticky } from '../schema/sticky';
import { CUT_MARK } from './records';
import {
  commentAuthorNames,
  commentsMap,
  deleteComment,
  editComment,
  mentionsOf,
  openThreadCounts,
  readCommentThreads,
  replyToThread,
  setThreadResolved,
  startThread,
} from './comments-doc';

const ada = (now: number) => ({ authorId: 'u-ada', name: 'Ada', now });
const bob = (now: number) => ({ authorId: 'u-bob', name: 'Bob', now });

function board() {
  const doc = new Y.Doc();
  startThread(
    doc,
    { threadId: 't1', commentId: 'c1', itemId: 'card' },
    ada(1),
    'Who owns this? @Bob',
    ['Bob'],
  );
  return doc;
}

describe('comment threads', () => {
  it('open, reply, resolve and reopen, with counts of open threads per item', () => {
    const doc = board();
    expect(replyToThread(doc, 't1', 'c2', bob(2), '  Payments does  ')).toBe(true);
    startThread(doc, { threadId: 't2', commentId: 'c3', itemId: 'card' }, bob(3), 'Date?');
    startThread(doc, { threadId: 't3', commentId: 'c4', itemId: 'other' }, bob(4), 'Risk');
    let threads = readCommentThreads(doc);
    expect(threads.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(threads[0]!.comments.map((c) => [c.id, c.name, c.text])).toEqual([
      ['c1', 'Ada', 'Who owns this? @Bob'],
      ['c2', 'Bob', 'Payments does'],
    ]);
    expect(openThreadCounts(threads)).toEqual(
      new Map([
        ['card', 2],
        ['other', 1],
      ]),
    );

    expect(setThreadResolved(doc, 't1', true, 'Ada', 5)).toBe(true);
    threads = readCommentThreads(doc);
    expect(threads[0]).toMatchObject({ resolved: true, by: 'Ada', resolvedAt: 5 });
    expect(openThreadCounts(threads).get('card')).toBe(1);

    // A reply to a resolved thread reopens it.
    replyToThread(doc, 't1', 'c5', bob(6), 'One more thing');
    expect(readCommentThreads(doc)[0]).toMatchObject({ resolved: false, by: 'Bob' });
    expect(commentAuthorNames(readCommentThreads(doc)).sort()).toEqual(['Ada', 'Bob']);
  });

  it('lets only the author edit or delete a comment; the thread goes with its last one', () => {
    const doc = board();
    replyToThread(doc, 't1', 'c2', bob(2), 'Mine');
    expect(editComment(doc, 't1', 'c1', bob(3), 'Hijacked')).toBe(false);
    expect(deleteComment(doc, 't1', 'c1', 'u-bob')).toBe(false);
    expect(editComment(doc, 't1', 'c1', ada(4), 'Who owns this now?')).toBe(true);
    expect(readCommentThreads(doc)[0]!.comments[0]).toMatchObject({
      text: 'Who owns this now?',
      createdAt: 1,
      editedAt: 4,
      mentions: [],
    });
    expect(deleteComment(doc, 't1', 'c1', 'u-ada')).toBe(true);
    expect(commentsMap(doc).has('t1')).toBe(true);
    expect(deleteComment(doc, 't1', 'c2', 'u-bob')).toBe(true);
    expect(commentsMap(doc).size).toBe(0);
  });

  it('hides the threads of deleted items and refuses blank comments', () => {
    const doc = board();
    expect(readCommentThreads(doc, (id) => id !== 'card')).toEqual([]);
    expect(startThread(doc, { threadId: 't9', commentId: 'c9', itemId: 'x' }, ada(1), '  ')).toBe(
      false,
    );
    expect(replyToThread(doc, 'nope', 'c9', ada(1), 'Hi')).toBe(false);
  });

  it('lists the unread mentions of a person, not their own, by name without case', () => {
    const doc = board();
    replyToThread(doc, 't1', 'c2', bob(2), 'Me? ask @bob', ['bob']);
    replyToThread(doc, 't1', 'c3', ada(3), 'Yes @BOB', ['BOB']);
    expect(mentionsOf(readCommentThreads(doc), 'Bob', 'u-bob')).toEqual([
      { threadId: 't1', commentId: 'c1', itemId: 'card' },
      { threadId: 't1', commentId: 'c3', itemId: 'card' },
    ]);
    expect(mentionsOf(readCommentThreads(doc), 'Bob', 'u-bob', (id) => id === 'c1')).toHaveLength(
      1,
    );
  });

  it.each([
    ['a thread with no item', 't1', { authorId: 'x', name: 'X', createdAt: 1, resolved: false }],
    [
      'a comment that names another thread',
      't1/c9',
      { threadId: 't2', authorId: 'x', name: 'X', text: 'hi', mentions: [], createdAt: 1 },
    ],
    [
      'a comment with no text',
      't1/c9',
      { threadId: 't1', authorId: 'x', name: 'X', text: '', mentions: [], createdAt: 1 },
    ],
    ['a key with two slashes', 't1/c9/x', { threadId: 't1' }],
    ['not a record', 't1/c9', 'junk'],
  ])('skips %s, and the shape guard removes it', (_name, key, record) => {
    const doc = board();
    commentsMap(doc).set(key, record);
    const threads = readCommentThreads(doc);
    if (key === 't1') expect(threads).toEqual([]);
    else expect(threads[0]!.comments.map((c) => c.id)).toEqual(['c1']);
    const shape = new BoardShape(doc);
    expect(shape.invalid().map((t) => t.key)).toEqual([key]);
    shape.repair('repair');
    expect(commentsMap(doc).has(key)).toBe(false);
    shape.destroy();
  });

  it('cuts an over-long comment with the cut mark instead of dropping it', () => {
    const doc = board();
    commentsMap(doc).set('t1/long', {
      threadId: 't1',
      authorId: 'x',
      name: 'X',
      text: 'w'.repeat(5000),
      mentions: [],
      createdAt: 2,
    });
    const shape = new BoardShape(doc);
    shape.repair('repair');
    const text = readCommentThreads(doc)[0]!.comments[1]!.text;
    expect(text).toHaveLength(4000);
    expect(text.endsWith(CUT_MARK)).toBe(true);
    shape.destroy();
  });
});

describe('comments in the board file and snapshots', () => {
  it('travel in the file (threads of deleted items left out) and come back on restore', () => {
    const doc = board();
    initBoard(doc, 'Comments');
    addItem(doc, makeSticky({ id: 'card', x: 0, y: 0, z: 'a0', createdBy: 'x', text: 'Card' }));
    replyToThread(doc, 't1', 'c2', bob(2), 'Payments');
    setThreadResolved(doc, 't1', true, 'Ada', 3);
    startThread(doc, { threadId: 'gone', commentId: 'c9', itemId: 'deleted' }, bob(4), 'Lost');
    const file = exportBoardFile(doc, 'now');
    expect(Object.keys(file.comments ?? {}).sort()).toEqual(['t1', 't1/c1', 't1/c2']);
    const parsed = parseBoardFile(JSON.parse(JSON.stringify(file)));
    if (!parsed.ok) throw new Error(parsed.error);
    const imported = boardFileToDoc(parsed.file);
    expect(readCommentThreads(imported)).toEqual(readCommentThreads(doc, (id) => id === 'card'));

    // A snapshot taken now, then the thread deleted and restored from the snapshot.
    const snapshot = new Y.Doc();
    Y.applyUpdate(snapshot, Y.encodeStateAsUpdate(doc));
    deleteComment(doc, 't1', 'c1', 'u-ada');
    deleteComment(doc, 't1', 'c2', 'u-bob');
    expect(readCommentThreads(doc, (id) => id === 'card')).toEqual([]);
    reconcileBoard(doc, snapshot);
    expect(readCommentThreads(doc, (id) => id === 'card')[0]).toMatchObject({
      id: 't1',
      resolved: true,
      comments: [{ id: 'c1' }, { id: 'c2' }],
    });
  });
});
