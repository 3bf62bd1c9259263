import {
  addItem,
  addObjective,
  confidenceResults,
  confidenceVotesMap,
  makeSticky,
  readConfidenceRound,
  readConfidenceVotes,
  readObjectives,
  readVoteSession,
  setMember,
  setTeam,
  startConfidenceRound,
  startVote,
  topZ,
} from '@weboard/shared';
import type { ApiError } from '@weboard/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ballotBoard, waitFor, waitForAsync } from './helpers';

/*
 * The confidence vote's ballots are private until the reveal: they go to the server, never into
 * the shared document, so another team's client cannot read them from its copy of the board.
 */
describe('hidden confidence vote', () => {
  const room = ballotBoard('Confidence');
  const { ada, bob } = room;
  const call = room.call.bind(room);

  /** Waits until the server sees the round the document started. */
  const untilServerSees = (state: string) =>
    waitForAsync(
      async () =>
        (await call('GET', '/confidence/mine', ada)).json<{ state: string }>().state === state,
      5000,
      `the server to see ${state}`,
    );

  /** A change the facilitator makes after the ballots: once `other` has it, it has everything before. */
  let marks = 0;
  const settle = async () => {
    const id = `mark-${++marks}`;
    addObjective(room.facilitator.doc, { id, teamId: 'pay', text: id, kind: 'stretch' });
    await waitFor(() => readObjectives(room.other.doc).some((o) => o.id === id), 5000, id);
  };

  beforeAll(async () => {
    const { facilitator, other } = room;
    setTeam(facilitator.doc, { id: 'pay', name: 'Payments', color: 'blue' });
    setTeam(facilitator.doc, { id: 'search', name: 'Search', color: 'green' });
    // Each person writes their own member entry (their team) in the browser; the server lets only
    // that person (or a facilitator: members-guard.ts) write it, so the facilitator seeds both.
    setMember(facilitator.doc, 'ada', { name: 'Ada', teamId: 'pay' });
    setMember(facilitator.doc, 'bob', { name: 'Bob', teamId: 'search' });
    startConfidenceRound(facilitator.doc, { id: 'round-1', startedBy: 'f', startedAt: 1 });
    await waitFor(() => readConfidenceRound(other.doc).state === 'running', 5000, 'the round');
    await untilServerSees('running');
  });

  it('takes ballots and answers each voter with only their own', async () => {
    const first = await call('POST', '/confidence', ada, { value: 4 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ roundId: 'round-1', state: 'running', value: 4 });
    expect((await call('POST', '/confidence', bob, { value: 1 })).statusCode).toBe(200);
    // A voter may change their mind while the round runs.
    expect((await call('POST', '/confidence', bob, { value: 2 })).json()).toMatchObject({
      value: 2,
    });
    expect((await call('GET', '/confidence/mine', bob)).json()).toMatchObject({ value: 2 });
  });

  it.each<[string, unknown]>([
    ['a zero', { value: 0 }],
    ['a six', { value: 6 }],
    ['a fraction', { value: 2.5 }],
    ['no value', {}],
  ])('refuses %s', async (_label, payload) => {
    const refused = await call('POST', '/confidence', ada, payload);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ApiError>().error.message).toContain('1 to 5');
  });

  it("another team's client never holds a ballot before the reveal", async () => {
    await settle();
    expect(confidenceVotesMap(room.other.doc).size).toBe(0);
    expect(confidenceVotesMap(room.facilitator.doc).size).toBe(0);
    // Nowhere in its whole copy of the board either.
    const everything = JSON.stringify(
      Object.fromEntries(
        [...room.other.doc.share.keys()].map((k) => [k, room.other.doc.getMap(k).toJSON()]),
      ),
    );
    expect(everything).not.toContain('"value":4');
    expect(everything).not.toContain('"value":2');
    // Nor can it read them from the server: without the secret, with no voter, or as a viewer.
    expect((await call('GET', '/confidence/mine', { ...ada, secret: bob.secret })).statusCode).toBe(
      403,
    );
    expect((await call('GET', '/confidence/mine', null)).statusCode).toBe(400);
    expect(
      (await call('GET', '/confidence/mine', ada, undefined, room.board.tokens.viewer)).statusCode,
    ).toBe(403);
    // The facilitator learns how many voted, never what.
    const status = await call(
      'GET',
      '/confidence/status',
      null,
      undefined,
      room.board.tokens.facilitator,
    );
    expect(status.json()).toEqual({ roundId: 'round-1', state: 'running', voters: 2 });
    expect((await call('GET', '/confidence/status', null)).statusCode).toBe(403);
  });

  it('undoes a ballot or a reveal written into the document by anyone but the server', async () => {
    room.other.doc.transact(() => {
      confidenceVotesMap(room.other.doc).set('bob', { value: 5, teamId: 'search' });
      room.other.doc.getMap('confidenceRound').set('state', 'revealed');
    });
    await waitFor(
      () =>
        confidenceVotesMap(room.other.doc).size === 0 &&
        readConfidenceRound(room.other.doc).state === 'running',
      5000,
      'the forged ballot to be undone',
    );
    await settle();
    expect(confidenceVotesMap(room.facilitator.doc).size).toBe(0);
    expect((await call('POST', '/confidence/reveal', ada)).statusCode).toBe(403);
  });

  it('a weighted vote revealed meanwhile leaves the confidence ballots alone', async () => {
    addItem(
      room.facilitator.doc,
      makeSticky({ id: 'card', x: 0, y: 0, z: topZ(room.facilitator.doc), createdBy: 'f' }),
    );
    startVote(room.facilitator.doc, { id: 'dots', budget: 3, startedBy: 'f', itemIds: ['card'] });
    await waitFor(() => readVoteSession(room.other.doc).state === 'running', 5000, 'the dot vote');
    await waitForAsync(
      async () =>
        (await call('GET', '/votes/mine', ada)).json<{ state: string }>().state === 'running',
      5000,
      'the server to see the dot vote',
    );
    expect((await call('POST', '/votes', ada, { itemId: 'card', delta: 1 })).statusCode).toBe(200);
    const reveal = await call(
      'POST',
      '/votes/reveal',
      null,
      undefined,
      room.board.tokens.facilitator,
    );
    expect(reveal.statusCode).toBe(200);
    expect((await call('GET', '/confidence/mine', ada)).json()).toMatchObject({ value: 4 });
  });

  it('the reveal shows every ballot with its team to everyone, and closes the vote', async () => {
    const reveal = await call(
      'POST',
      '/confidence/reveal',
      null,
      undefined,
      room.board.tokens.facilitator,
    );
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json()).toEqual({ revealed: true, voters: 2 });
    await waitFor(
      () => readConfidenceRound(room.other.doc).state === 'revealed',
      5000,
      'the reveal',
    );
    const ballots = readConfidenceVotes(room.other.doc);
    expect(ballots).toEqual({
      ada: { value: 4, teamId: 'pay' },
      bob: { value: 2, teamId: 'search' },
    });
    const results = confidenceResults(ballots);
    expect(results.overall).toEqual({ votes: 2, average: 3, distribution: [0, 1, 0, 1, 0] });
    expect(results.byTeam.pay!.average).toBe(4);
    expect(results.byTeam.search!.average).toBe(2);
    const late = await call('POST', '/confidence', ada, { value: 5 });
    expect(late.statusCode).toBe(400);
    expect(late.json<ApiError>().error.message).toBe('Voting is not open');
    const again = await call(
      'POST',
      '/confidence/reveal',
      null,
      undefined,
      room.board.tokens.facilitator,
    );
    expect(again.statusCode).toBe(400);
  });

  it('a new round starts from no ballots', async () => {
    startConfidenceRound(room.facilitator.doc, { id: 'round-2', startedBy: 'f', startedAt: 2 });
    await waitFor(() => readConfidenceRound(room.other.doc).id === 'round-2', 5000, 'round 2');
    expect(readConfidenceVotes(room.other.doc)).toEqual({});
    await untilServerSees('running');
    expect((await call('GET', '/confidence/mine', ada)).json()).toEqual({
      roundId: 'round-2',
      state: 'running',
      value: null,
    });
  });
});
