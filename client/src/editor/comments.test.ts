import { readCommentThreads } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentOnItem, editOwnComment, replyTo, resolveThread } from './comments';
import { createBoardEditor } from './editor';

function peers() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
  b.on('update', (update: Uint8Array) => Y.applyUpdate(a, update));
  return [a, b] as const;
}

const ada = { userId: 'u-ada', name: 'Ada' };
const bob = { userId: 'u-bob', name: 'Bob' };
/** Ada's comment in the first thread (written in the same millisecond as Bob's, so not by index). */
const adasComment = (doc: Y.Doc) =>
  readCommentThreads(doc)[0]!.comments.find((c) => c.authorId === ada.userId)!;

describe('comment actions', () => {
  it("undo takes back one's own comment changes, one step each, never someone else's", () => {
    const [docA, docB] = peers();
    const alice = createBoardEditor(docA, 'editor', 'Ada');
    const bobs = createBoardEditor(docB, 'editor', 'Bob');
    const card = alice.createStickyAt({ x: 0, y: 0 })!;
    const thread = commentOnItem(alice, card, ada, 'Who owns this?', [])!;
    replyTo(bobs, thread, bob, 'Payments', []);
    resolveThread(alice, thread, true, ada);
    editOwnComment(alice, thread, adasComment(docA).id, ada, 'Who owns it?', []);

    alice.undo(); // the edit
    expect(adasComment(docB).text).toBe('Who owns this?');
    alice.undo(); // the resolve
    expect(readCommentThreads(docB)[0]!.resolved).toBe(false);
    alice.undo(); // the thread: Bob's reply stays, orphaned and hidden
    expect(readCommentThreads(docB)).toEqual([]);
    bobs.undo(); // Bob's own reply
    alice.redo();
    expect(readCommentThreads(docB)[0]!.comments.map((c) => c.text)).toEqual(['Who owns this?']);
  });

  it('writes nothing for a viewer', () => {
    const viewer = createBoardEditor(new Y.Doc(), 'viewer', 'Vi');
    expect(commentOnItem(viewer, 'card', { userId: 'v', name: 'Vi' }, 'Hello', [])).toBeNull();
    expect(readCommentThreads(viewer.doc)).toEqual([]);
  });
});
