import { describe, expect, it } from 'vitest';
import {
  commentsMap,
  deleteComment,
  editComment,
  replyToThread,
  setThreadResolved,
  startThread,
} from './comments-doc';
import { CommentsCopy } from './comments-guard';
import { guardedPair } from './guard-sender.test-helper';

const ada = { authorId: 'ada', name: 'Ada', now: 1 };
const bob = { authorId: 'bob', name: 'Bob', now: 2 };

/** A server doc holding Ada's thread t1 (comment c1) on a card; a client in sync sends as `person`. */
function setup(copy: boolean) {
  const pair = guardedPair(
    (server) =>
      startThread(server, { threadId: 't1', commentId: 'c1', itemId: 'card' }, ada, 'Who owns it?'),
    (server) => (copy ? { commentsCopy: new CommentsCopy(server) } : {}),
  );
  const send = (change: () => void, person: string | null, facilitator = false) =>
    pair.send(change, person, facilitator).comments;
  const keys = () => [...commentsMap(pair.server).keys()].sort();
  return { ...pair, send, keys };
}

describe.each([false, true])('comments guard (kept copy: %s)', (copy) => {
  it('lets a person reply, edit and delete their own, open threads and resolve anyone’s', () => {
    const { server, client, send, keys } = setup(copy);
    expect(send(() => replyToThread(client, 't1', 'r1', bob, 'Payments'), 'bob')).toEqual([]);
    expect(send(() => editComment(client, 't1', 'r1', bob, 'Payments, in May'), 'bob')).toEqual([]);
    expect(send(() => setThreadResolved(client, 't1', true, 'Bob', 3), 'bob')).toEqual([]);
    expect((commentsMap(server).get('t1') as { resolved: boolean }).resolved).toBe(true);
    const ids = { threadId: 't2', commentId: 'c', itemId: 'card' };
    expect(send(() => startThread(client, ids, bob, 'And this?'), 'bob')).toEqual([]);
    expect(send(() => deleteComment(client, 't2', 'c', 'bob'), 'bob')).toEqual([]);
    expect(keys()).toEqual(['t1', 't1/c1', 't1/r1']);
  });

  it('puts back what someone forges, edits or removes of another person', () => {
    const { server, client, send, keys } = setup(copy);
    const undone = send(() => {
      const map = commentsMap(client);
      // Ada's question rewritten, a reply forged in Ada's name, Ada's thread taken over.
      map.set('t1/c1', { ...(map.get('t1/c1') as object), text: 'Nothing to see' });
      replyToThread(client, 't1', 'forged', ada, 'I agree with Eve');
      map.set('t1', { ...(map.get('t1') as object), authorId: 'eve', itemId: 'other' });
    }, 'eve');
    expect(undone.sort()).toEqual(['t1', 't1/c1', 't1/forged']);
    expect(keys()).toEqual(['t1', 't1/c1']);
    expect((commentsMap(server).get('t1/c1') as { text: string }).text).toBe('Who owns it?');
    expect((commentsMap(client).get('t1') as { itemId: string }).itemId).toBe('card');

    // Nor may a thread go while a comment of someone else's is left in it.
    expect(send(() => commentsMap(client).delete('t1'), 'eve')).toEqual(['t1']);
    expect(send(() => commentsMap(client).delete('t1/c1'), 'eve')).toEqual(['t1/c1']);
    expect(keys()).toEqual(['t1', 't1/c1']);
  });

  it('lets a connection that names nobody write no comment; a facilitator moderates', () => {
    const { client, send, keys } = setup(copy);
    expect(send(() => replyToThread(client, 't1', 'x', bob, 'Hi'), null)).toEqual(['t1/x']);
    expect(keys()).toEqual(['t1', 't1/c1']);
    expect(send(() => commentsMap(client).clear(), 'fac', true)).toEqual([]);
    expect(keys()).toEqual([]);
  });
});
