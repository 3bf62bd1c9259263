import {
  PERSON_PARAM,
  PERSON_SECRET_PARAM,
  addItem,
  makeSticky,
  reactionsMap,
  toggleReaction,
} from '@weboard/shared';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  connectClient,
  createBoard,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  waitForAsync,
} from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

/*
 * Each person's reactions are theirs alone: a connection that proves a user id (its secret bound
 * by the board's first connection of that id) may change only that person's reaction records.
 * Everything here is a stock y-websocket client against the real server.
 */

const ALICE_SECRET = 'alice-secret-0123456789';
const BOB_SECRET = 'bob-secret-0123456789';
const EVE_SECRET = 'eve-secret-0123456789';

/** The reactions of `doc` as plain data, for comparing peers. */
function reactionsOf(doc: Y.Doc): Record<string, unknown> {
  return reactionsMap(doc).toJSON() as Record<string, unknown>;
}

describe('reactions: per-person authority on the server', () => {
  const data = tempDir();
  let server: TestServer;
  const clients: TestClient[] = [];

  /** A stock provider speaking for `user` (proven with `secret`), or for nobody when absent. */
  const connect = async (
    board: TestBoard,
    role: 'editor' | 'facilitator',
    user?: { id: string; secret: string },
  ): Promise<TestClient> => {
    const params: Record<string, string> = {};
    if (user) {
      params[PERSON_PARAM] = user.id;
      params[PERSON_SECRET_PARAM] = user.secret;
    }
    const client = await connectClient(
      server.wsUrl,
      board.id,
      board.tokens[role],
      undefined,
      params,
    );
    clients.push(client);
    return client;
  };

  const invalidReactionWrites = async (): Promise<number> => {
    const metrics = await server.app.inject({ url: '/metrics' });
    const line = metrics.body
      .split('\n')
      .find((l) => l.startsWith('weboard_invalid_records_total{map="reactions",where="update"}'));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  /** A board with a card on which Alice put 👍 and Bob 🎉, each from their own connection. */
  const boardWithReactions = async () => {
    const board = await createBoard(server.app, 'Reactions');
    const alice = await connect(board, 'editor', { id: 'alice', secret: ALICE_SECRET });
    const bob = await connect(board, 'editor', { id: 'bob', secret: BOB_SECRET });
    addItem(alice.doc, makeSticky({ id: 'card', x: 0, y: 0, z: 'a0', createdBy: 'alice' }));
    toggleReaction(alice.doc, 'card', 'alice', 'Alice', '👍');
    toggleReaction(bob.doc, 'card', 'bob', 'Bob', '🎉');
    await waitFor(() => reactionsMap(alice.doc).size === 2 && reactionsMap(bob.doc).size === 2);
    return { board, alice, bob, honest: reactionsOf(alice.doc) };
  };

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.close();
    data.remove();
  });

  it('undoes, for everyone, what a hostile editor forges or removes of others; its own stay', async () => {
    const { board, alice, bob, honest } = await boardWithReactions();
    const eve = await connect(board, 'editor', { id: 'eve', secret: EVE_SECRET });
    const before = await invalidReactionWrites();
    eve.doc.transact(() => {
      reactionsMap(eve.doc).delete('card/alice');
      reactionsMap(eve.doc).set('card/bob', { itemId: 'card', name: 'Bob', emojis: ['⚠️'] });
      reactionsMap(eve.doc).set('card/carol', { itemId: 'card', name: 'Carol', emojis: ['🚀'] });
    });
    toggleReaction(eve.doc, 'card', 'eve', 'Eve', '👀');

    const expected = { ...honest, 'card/eve': { itemId: 'card', name: 'Eve', emojis: ['👀'] } };
    for (const peer of [alice, bob, eve]) {
      await waitFor(
        () => isDeepStrictEqual(reactionsOf(peer.doc), expected),
        5000,
        'the honest reactions back, and Eve’s own',
      );
    }
    expect(reactionsOf(alice.doc)).toEqual(expected);
    // Counted like any record the server undid (and logged).
    await waitForAsync(async () => (await invalidReactionWrites()) >= before + 3);

    // Alice still takes back her own.
    toggleReaction(alice.doc, 'card', 'alice', 'Alice', '👍');
    await waitFor(() => !reactionsMap(bob.doc).has('card/alice'), 5000, 'Alice’s take-back');
  });

  it('lets nobody speak for a person without their secret, nor reacts for a stock client that names nobody', async () => {
    const { board, alice, bob, honest } = await boardWithReactions();
    const impostor = await connect(board, 'editor', { id: 'alice', secret: EVE_SECRET });
    toggleReaction(impostor.doc, 'card', 'alice', 'Alice', '👍');
    const anonymous = await connect(board, 'editor');
    toggleReaction(anonymous.doc, 'card', 'anon', 'Anon', '🎉');
    for (const peer of [impostor, anonymous, bob]) {
      await waitFor(
        () => isDeepStrictEqual(reactionsOf(peer.doc), honest),
        5000,
        'the impostor’s and the anonymous change undone',
      );
    }
    // The real Alice, back on a new connection with her secret, is still herself.
    alice.destroy();
    const again = await connect(board, 'editor', { id: 'alice', secret: ALICE_SECRET });
    toggleReaction(again.doc, 'card', 'alice', 'Alice', '🚀');
    await waitFor(
      () =>
        JSON.stringify((reactionsMap(bob.doc).get('card/alice') as { emojis: string[] }).emojis) ===
        JSON.stringify(['👍', '🚀']),
      5000,
      'Alice’s new reaction',
    );
  });

  it('lets a facilitator clear everyone’s reactions', async () => {
    const { board, bob } = await boardWithReactions();
    const facilitator = await connect(board, 'facilitator');
    reactionsMap(facilitator.doc).clear();
    await waitFor(() => reactionsMap(bob.doc).size === 0, 5000, 'reactions cleared');
  });
});
