import {
  CUT_MARK,
  PERSON_PARAM,
  PERSON_SECRET_PARAM,
  commentsMap,
  editComment,
  readCommentThreads,
  replyToThread,
  startThread,
} from '@weboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, createBoard, startServer, tempDir, testConfig, waitFor } from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

const ada = { authorId: 'u-ada', name: 'Ada', now: 1 };
/** The people the stock clients speak for, each proven by a secret (see reaction-authority). */
const PEOPLE = {
  ada: { id: 'u-ada', secret: 'ada-secret-0123456789' },
  bob: { id: 'u-bob', secret: 'bob-secret-0123456789' },
  eve: { id: 'u-eve', secret: 'eve-secret-0123456789' },
};

describe('comments, guarded by the server', () => {
  const data = tempDir();
  let server: TestServer;
  const clients: TestClient[] = [];
  const connect = async (
    board: TestBoard,
    role: 'viewer' | 'editor',
    person: keyof typeof PEOPLE = 'ada',
  ) => {
    const { id, secret } = PEOPLE[person];
    const client = await connectClient(server.wsUrl, board.id, board.tokens[role], undefined, {
      [PERSON_PARAM]: id,
      [PERSON_SECRET_PARAM]: secret,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
    data.remove();
  });

  it('repairs or drops malformed comment records a stock client writes', async () => {
    const board = await createBoard(server.app);
    const alice = await connect(board, 'editor', 'ada');
    const bob = await connect(board, 'editor', 'bob');
    startThread(alice.doc, { threadId: 't1', commentId: 'c1', itemId: 'card' }, ada, 'Who?');
    await waitFor(() => readCommentThreads(bob.doc).length === 1, 5000, 'the thread to arrive');

    const comments = commentsMap(bob.doc);
    bob.doc.transact(() => {
      comments.set('t2', { itemId: 'card', resolved: 'maybe' });
      comments.set('t1/wrong-thread', {
        threadId: 't9',
        authorId: 'u-bob',
        name: 'Bob',
        text: 'hi',
        mentions: [],
        createdAt: 2,
      });
      comments.set('t1/number', 42);
      comments.set('t1/a/b', { threadId: 't1' });
      comments.set('t1/long', {
        threadId: 't1',
        authorId: 'u-bob',
        name: 'Bob',
        text: 'w'.repeat(9000),
        mentions: [],
        createdAt: 3,
      });
    });
    const settled = (doc: typeof bob.doc) =>
      [...commentsMap(doc).keys()].sort().join() === 't1,t1/c1,t1/long';
    await waitFor(() => settled(alice.doc) && settled(bob.doc), 5000, 'the junk undone');
    const long = readCommentThreads(alice.doc)[0]!.comments[1]!;
    expect(long.text).toHaveLength(4000);
    expect(long.text.endsWith(CUT_MARK)).toBe(true);

    const fresh = await connect(board, 'viewer');
    expect([...commentsMap(fresh.doc).keys()].sort()).toEqual(['t1', 't1/c1', 't1/long']);
  });

  it("refuses a viewer's comment but shows the viewer everyone else's", async () => {
    const board = await createBoard(server.app);
    const editor = await connect(board, 'editor');
    const viewer = await connect(board, 'viewer');
    startThread(editor.doc, { threadId: 't1', commentId: 'c1', itemId: 'card' }, ada, 'Open?');
    await waitFor(() => readCommentThreads(viewer.doc).length === 1, 5000, 'viewer reads it');

    replyToThread(viewer.doc, 't1', 'v1', { ...ada, authorId: 'u-v', name: 'Vi' }, 'Sneaky');
    startThread(viewer.doc, { threadId: 'tv', commentId: 'c', itemId: 'card' }, ada, 'New');
    // The server handles one connection's messages in order: once the viewer's presence (sent
    // after its change) reaches the editor, the server has already dealt with the change.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vi', after: 'comment' });
    await waitFor(
      () =>
        (
          editor.provider.awareness.getStates().get(viewer.doc.clientID) as
            { user?: { after?: string } } | undefined
        )?.user?.after === 'comment',
      5000,
      "the viewer's presence",
    );
    expect([...commentsMap(editor.doc).keys()].sort()).toEqual(['t1', 't1/c1']);
    const fresh = await connect(board, 'editor');
    expect([...commentsMap(fresh.doc).keys()].sort()).toEqual(['t1', 't1/c1']);
  });

  it("undoes, for everyone, a hostile editor's rewrite or removal of someone else's comment", async () => {
    const board = await createBoard(server.app);
    const alice = await connect(board, 'editor', 'ada');
    const eve = await connect(board, 'editor', 'eve');
    startThread(alice.doc, { threadId: 't1', commentId: 'c1', itemId: 'card' }, ada, 'Who?');
    await waitFor(() => readCommentThreads(eve.doc).length === 1, 5000, 'the thread to arrive');
    // Eve's script: Ada's words changed through the helper's author check (Eve claims Ada's id),
    // then removed outright; the thread taken over.
    editComment(eve.doc, 't1', 'c1', ada, 'Nobody, drop it');
    commentsMap(eve.doc).delete('t1/c1');
    replyToThread(eve.doc, 't1', 'e1', { ...ada, authorId: 'u-eve', name: 'Eve' }, 'Eve here');
    const honest = (doc: typeof eve.doc) => {
      const thread = readCommentThreads(doc)[0];
      return (
        thread?.comments.map((c) => `${c.authorId}:${c.text}`).join('|') ===
        'u-ada:Who?|u-eve:Eve here'
      );
    };
    await waitFor(() => honest(alice.doc) && honest(eve.doc), 5000, "Ada's question back");
    const fresh = await connect(board, 'viewer', 'bob');
    expect(honest(fresh.doc)).toBe(true);
  });
});
