import {
  addItem,
  castVote,
  makeSticky,
  readItems,
  readVoteSession,
  readVotes,
  setVoteState,
  startVote,
  topZ,
} from '@weboard/shared';
import type { ApiError } from '@weboard/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ballotBoard,
  boardCall,
  connectClient,
  createBoard,
  startServer,
  tempDir,
  testConfig,
  waitFor,
  waitForAsync,
} from './helpers';
import type { TestServer, Voter } from './helpers';

/*
 * Hidden votes are private: during a vote, ballots go to the server, never into the shared
 * document, and a voter reads back only their own. The reveal writes them all into the document.
 */
describe('hidden votes', () => {
  const room = ballotBoard('Vote');
  const { ada, bob } = room;
  const call = (
    method: 'GET' | 'POST',
    path: string,
    voter: Voter | null,
    payload?: unknown,
    token?: string,
  ) => room.call(method, `/votes${path}`, voter, payload, token);

  beforeAll(async () => {
    const { facilitator, other } = room;
    for (const id of ['a', 'b'])
      addItem(
        facilitator.doc,
        makeSticky({ id, x: 0, y: 0, z: topZ(facilitator.doc), createdBy: 'f' }),
      );
    startVote(facilitator.doc, { id: 'round-1', budget: 3, startedBy: 'f', itemIds: ['a', 'b'] });
    await waitFor(() => readVoteSession(other.doc).state === 'running', 5000, 'the vote');
    await waitForAsync(
      async () => (await call('GET', '/mine', ada)).json<{ state: string }>().state === 'running',
      5000,
      'the server sees the vote',
    );
  });

  it("takes a ballot and answers with only the voter's own votes and budget", async () => {
    const first = await call('POST', '', ada, { itemId: 'a', delta: 2 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      sessionId: 'round-1',
      state: 'running',
      budget: 3,
      votes: { a: 2 },
      remaining: 1,
    });
    const over = await call('POST', '', ada, { itemId: 'b', delta: 2 });
    expect(over.statusCode).toBe(400);
    expect(over.json<ApiError>().error.message).toBe('You have used all your votes');
    expect((await call('POST', '', bob, { itemId: 'a', delta: 1 })).json()).toMatchObject({
      votes: { a: 1 },
      remaining: 2,
    });
  });

  it('counts every vote a voter sends at once: none is lost between reading the ballots and writing them', async () => {
    // Three clicks in flight together: two fit Bob's remaining budget of 2, the third does not.
    const answers = await Promise.all(
      [1, 2, 3].map(() => call('POST', '', bob, { itemId: 'b', delta: 1 })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 400]);
    expect((await call('GET', '/mine', bob)).json()).toMatchObject({
      votes: { a: 1, b: 2 },
      remaining: 0,
    });
    // Taken back, so the tests below see the ballots as before.
    expect((await call('POST', '', bob, { itemId: 'b', delta: -2 })).json()).toMatchObject({
      votes: { a: 1 },
      remaining: 2,
    });
  });

  it('a second client cannot read the hidden votes: not in the document, not from the server', async () => {
    // Give the document time to carry anything it would carry: the facilitator's and the other
    // client's copies agree, and neither holds a vote.
    await waitFor(
      () => readItems(room.other.doc).length === 2 && readItems(room.facilitator.doc).length === 2,
      5000,
      'both copies',
    );
    expect(readVotes(room.other.doc)).toEqual({ a: {}, b: {} });
    expect(readVotes(room.facilitator.doc)).toEqual({ a: {}, b: {} });
    // Bob reads his own ballot only.
    expect((await call('GET', '/mine', bob)).json()).toMatchObject({ votes: { a: 1 } });
    // Claiming Ada's id without her secret is refused; so is a request with no voter at all.
    const stolen = await call('GET', '/mine', { userId: 'ada', secret: bob.secret });
    expect(stolen.statusCode).toBe(403);
    const spend = await call(
      'POST',
      '',
      { userId: 'ada', secret: 'guessed-secret-000000' },
      {
        itemId: 'b',
        delta: 1,
      },
    );
    expect(spend.statusCode).toBe(403);
    expect((await call('GET', '/mine', null)).statusCode).toBe(400);
    // A viewer may not vote or read, and only the facilitator reveals.
    expect((await call('GET', '/mine', bob, undefined, room.board.tokens.viewer)).statusCode).toBe(
      403,
    );
    expect((await call('POST', '/reveal', null)).statusCode).toBe(403);
    expect((await call('GET', '/mine', ada)).json()).toMatchObject({
      votes: { a: 2 },
      remaining: 1,
    });
    // The facilitator sees how many have voted, not for what; nobody else sees even that.
    const status = await call('GET', '/status', null, undefined, room.board.tokens.facilitator);
    expect(status.json()).toEqual({ sessionId: 'round-1', state: 'running', voters: 2, votes: 3 });
    expect((await call('GET', '/status', bob)).statusCode).toBe(403);
  });

  it('a client writing votes into the document itself is undone by the server', async () => {
    // What a modified client could do: skip the server and write a vote into its own copy.
    castVote(room.other.doc, 'a', 'mallory', 3);
    expect(readVotes(room.other.doc).a).toEqual({ mallory: 3 });
    await waitFor(() => readVotes(room.other.doc).a?.mallory === undefined, 5000, 'the undo');
    expect(readVotes(room.facilitator.doc)).toEqual({ a: {}, b: {} });
  });

  it('the reveal writes every ballot into the document at once', async () => {
    const reveal = await call('POST', '/reveal', null, undefined, room.board.tokens.facilitator);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json()).toEqual({ revealed: true, voters: 2 });
    await waitFor(() => readVoteSession(room.other.doc).state === 'revealed', 5000, 'the reveal');
    expect(readVotes(room.other.doc)).toEqual({ a: { ada: 2, bob: 1 }, b: {} });
    // Voting is closed now.
    expect((await call('POST', '', ada, { itemId: 'b', delta: 1 })).statusCode).toBe(400);
  });

  it('a re-run starts from empty ballots; a vote that has ended takes none', async () => {
    startVote(room.facilitator.doc, {
      id: 'round-2',
      budget: 2,
      startedBy: 'f',
      itemIds: ['a', 'b'],
    });
    await waitForAsync(
      async () =>
        (await call('GET', '/mine', ada)).json<{ sessionId: string }>().sessionId === 'round-2',
      5000,
      'the second round',
    );
    expect((await call('GET', '/mine', ada)).json()).toMatchObject({ votes: {}, remaining: 2 });
    setVoteState(room.facilitator.doc, 'ended');
    await waitForAsync(
      async () => (await call('GET', '/mine', ada)).json<{ state: string }>().state === 'ended',
      5000,
      'the end',
    );
    expect((await call('POST', '', ada, { itemId: 'a', delta: 1 })).statusCode).toBe(400);
  });
});

describe('hidden votes across a restart', () => {
  it('keeps every ballot and every voter secret when the server restarts mid-vote', async () => {
    const data = tempDir();
    const config = testConfig(data.dir);
    const first = await startServer(config);
    const board = await createBoard(first.app, 'Restart');
    const facilitator = await connectClient(first.wsUrl, board.id, board.tokens.facilitator);
    addItem(facilitator.doc, makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 'f' }));
    startVote(facilitator.doc, { id: 'round', budget: 3, startedBy: 'f', itemIds: ['a'] });
    const vote = (server: TestServer, path: string, secret: string, payload?: unknown) =>
      boardCall(
        server,
        board,
        payload === undefined ? 'GET' : 'POST',
        `/votes${path}`,
        { userId: 'ada', secret },
        payload,
      );
    const secret = 'ada-secret-0123456789';
    // The vote reaches the server's copy of the board a moment after it started.
    let cast = await vote(first, '', secret, { itemId: 'a', delta: 2 });
    await waitForAsync(
      async () => {
        if (cast.statusCode !== 200)
          cast = await vote(first, '', secret, { itemId: 'a', delta: 2 });
        return cast.statusCode === 200;
      },
      5000,
      'the vote to take the ballot',
    );
    expect(cast.json()).toMatchObject({ votes: { a: 2 }, remaining: 1 });
    facilitator.destroy();
    await first.close();

    const second = await startServer(config);
    try {
      expect((await vote(second, '/mine', secret)).json()).toMatchObject({
        sessionId: 'round',
        votes: { a: 2 },
        remaining: 1,
      });
      // The secret bound before the restart still guards Ada's ballot.
      expect((await vote(second, '/mine', 'not-ada-secret-000000')).statusCode).toBe(403);
    } finally {
      await second.close();
      data.remove();
    }
  });
});
