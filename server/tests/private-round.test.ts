import {
  addItem,
  getItem,
  makeSticky,
  readPrivateRound,
  setTeam,
  topZ,
  updateItem,
} from '@weboard/shared';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { connectClient, createBoard, textOf, useTestServers, waitFor } from './helpers';
import type { TestBoard, TestClient, TestServer } from './helpers';

/*
 * Private rounds are private on the wire: during a round a team's new and changed cards live in
 * that team's draft, which only the team's connections sync. Stock y-websocket clients of the
 * board and of another team never receive them until the facilitator's reveal, which puts every
 * draft into the board as one change.
 */
describe('private rounds', () => {
  const { cleanups, server: startServer } = useTestServers();

  const connect = async (
    server: TestServer,
    board: TestBoard,
    role: 'facilitator' | 'editor' | 'viewer',
    draftTeam?: string,
  ): Promise<TestClient> => {
    // A stock provider: the draft team is one more query parameter, as WeBoard's client sends it.
    const client = await connectClient(
      server.wsUrl,
      board.id,
      board.tokens[role],
      undefined,
      draftTeam ? { draftTeam } : {},
    );
    cleanups.push(client.destroy);
    return client;
  };

  const ONE_PIXEL_PNG =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

  const rest = (server: TestServer, board: TestBoard, path: string, token: string) =>
    server.app.inject({
      method: path.startsWith('GET ') ? 'GET' : 'POST',
      url: `/api/boards/${board.id}/private-round${path.replace(/^(GET|POST) /, '')}`,
      headers: { authorization: `Bearer ${token}` },
      payload: path.startsWith('GET ') ? undefined : { by: 'Fran' },
    });

  const sticky = (doc: Y.Doc, id: string, text: string) =>
    addItem(doc, makeSticky({ id, x: 0, y: 0, z: topZ(doc), text, createdBy: id }));

  /** A public change of the board that everyone receives; once seen, anything sent earlier was. */
  let markers = 0;
  const marker = async (facilitator: TestClient, watchers: TestClient[]) => {
    markers += 1;
    const id = `marker-${markers}`;
    sticky(facilitator.doc, id, 'public');
    await waitFor(() => watchers.every((w) => getItem(w.doc, id) !== null), 5000, id);
  };

  it('keeps a team’s drafts off every other connection until the reveal', async () => {
    const server = await startServer();
    const board = await createBoard(server.app, 'Private');
    const facilitator = await connect(server, board, 'facilitator');
    setTeam(facilitator.doc, { id: 'team-a', name: 'Payments', color: 'blue' });
    setTeam(facilitator.doc, { id: 'team-b', name: 'Search', color: 'green' });
    sticky(facilitator.doc, 'shared', 'before the round');

    // Only a facilitator starts a round.
    expect((await rest(server, board, '', board.tokens.editor)).statusCode).toBe(403);
    const started = await rest(server, board, '', board.tokens.facilitator);
    expect(started.statusCode).toBe(201);
    const { round } = started.json<{ round: { id: string; startedBy: string } }>();
    expect(round.startedBy).toBe('Fran');

    const a1 = await connect(server, board, 'editor', 'team-a');
    const a2 = await connect(server, board, 'editor', 'team-a');
    const b1 = await connect(server, board, 'editor', 'team-b');
    // Someone on the board itself (no team, or a stock client that knows nothing of rounds).
    const plain = await connect(server, board, 'editor');
    const viewerA = await connect(server, board, 'viewer', 'team-a');
    expect(readPrivateRound(a1.doc)?.id).toBe(round.id);
    expect(getItem(a1.doc, 'shared')).not.toBeNull();

    // Team A drafts a new card and changes an existing one; team B drafts one too.
    sticky(a1.doc, 'draft-a', 'only team A');
    updateItem(a1.doc, 'shared', { x: 500 });
    sticky(b1.doc, 'draft-b', 'only team B');
    await waitFor(() => getItem(a2.doc, 'draft-a') !== null, 5000, 'team A sees its draft');
    await waitFor(() => getItem(a2.doc, 'shared')?.x === 500, 5000, 'team A sees its change');
    await waitFor(() => getItem(viewerA.doc, 'draft-a') !== null, 5000, 'A’s viewer sees it');
    // A viewer stays read-only in a draft too.
    sticky(viewerA.doc, 'viewer-try', 'dropped');

    // Public changes still reach the teams, and everyone received what was sent before them.
    const everyone = [a1, a2, b1, plain, viewerA];
    await marker(facilitator, everyone);
    for (const other of [b1, plain, facilitator]) {
      expect(getItem(other.doc, 'draft-a')).toBeNull();
      expect(getItem(other.doc, 'shared')?.x).toBe(0);
    }
    for (const other of [a1, a2, plain, facilitator])
      expect(getItem(other.doc, 'draft-b')).toBeNull();
    expect(getItem(a2.doc, 'viewer-try')).toBeNull();

    const status = await rest(server, board, 'GET ', board.tokens.facilitator);
    expect(status.json()).toMatchObject({
      round: { id: round.id },
      teams: {
        'team-a': { drafting: 3, changedItems: 2 },
        'team-b': { drafting: 1, changedItems: 1 },
      },
    });
    expect((await rest(server, board, '/reveal', board.tokens.editor)).statusCode).toBe(403);

    // The facilitator's browser sends a picture of the board for the automatic snapshot.
    const revealed = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/private-round/reveal`,
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
      payload: { thumbnail: `data:image/png;base64,${ONE_PIXEL_PNG}` },
    });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toMatchObject({
      revealed: { teams: 2, changedItems: 3 },
      autoSnapshot: { kind: 'auto', name: 'Before the reveal', hasThumbnail: true },
    });
    for (const client of [facilitator, plain, a1, a2, b1, viewerA]) {
      await waitFor(
        () =>
          textOf(client.doc, 'draft-a') === 'only team A' &&
          textOf(client.doc, 'draft-b') === 'only team B' &&
          getItem(client.doc, 'shared')?.x === 500 &&
          readPrivateRound(client.doc) === null,
        5000,
        'everyone to see every draft after the reveal',
      );
    }
    expect(getItem(facilitator.doc, 'viewer-try')).toBeNull();

    // After the reveal the teams' connections edit the board itself.
    updateItem(b1.doc, 'draft-a', { y: 42 });
    await waitFor(() => getItem(plain.doc, 'draft-a')?.y === 42, 5000, 'B’s edit to reach all');
    await waitFor(() => getItem(a1.doc, 'draft-a')?.y === 42, 5000, 'B’s edit to reach team A');
    expect((await rest(server, board, '/reveal', board.tokens.facilitator)).statusCode).toBe(400);
  });

  it('syncs the board for a draft team when no round runs or the team does not exist', async () => {
    const server = await startServer();
    const board = await createBoard(server.app, 'No round');
    const facilitator = await connect(server, board, 'facilitator');
    setTeam(facilitator.doc, { id: 'team-a', name: 'Payments', color: 'blue' });
    const early = await connect(server, board, 'editor', 'team-a');
    sticky(early.doc, 'open', 'public: no round');
    await waitFor(() => getItem(facilitator.doc, 'open') !== null, 5000, 'an open edit');

    expect((await rest(server, board, '', board.tokens.facilitator)).statusCode).toBe(201);
    const nowhere = await connect(server, board, 'editor', 'no-such-team');
    sticky(nowhere.doc, 'unknown-team', 'public: no such team');
    await waitFor(() => getItem(facilitator.doc, 'unknown-team') !== null, 5000, 'public edit');
  });
});
