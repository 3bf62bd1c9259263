import {
  addItem,
  applyTemplate,
  isBacklogItem,
  isFrame,
  makeSticky,
  readItems,
  readTeams,
  topZ,
} from '@weboard/shared';
import type { ApiError, BoardItem } from '@weboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, createBoard, startServer, tempDir, testConfig, waitFor } from './helpers';
import type { TestBoard, TestServer } from './helpers';

/*
 * "Many sessions into one": a team's own board, exported as a board file, is merged into that
 * team's swimlane on the unified board with POST /api/boards/:id/import?teamId=…
 */
describe('merging another board into a team swimlane', () => {
  const data = tempDir();
  let server: TestServer;
  let unified: TestBoard;
  let teamBoard: TestBoard;
  let paymentsId: string;

  const overlaps = (a: BoardItem, b: BoardItem) =>
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
    unified = await createBoard(server.app, 'PI 8');
    const facilitator = await connectClient(server.wsUrl, unified.id, unified.tokens.facilitator);
    applyTemplate(facilitator.doc, 'now-next-later', [
      { id: 'pay', name: 'Payments', color: 'blue' },
      { id: 'acc', name: 'Accounts', color: 'green' },
    ]);
    paymentsId = 'pay';
    addItem(
      facilitator.doc,
      makeSticky({ id: 'here', x: 300, y: 250, z: topZ(facilitator.doc), createdBy: 'A' }),
    );
    // The Payments team's own board: two cards, one in a lane the unified board also has.
    teamBoard = await createBoard(server.app, 'Payments refinement');
    const team = await connectClient(server.wsUrl, teamBoard.id, teamBoard.tokens.editor);
    addItem(
      team.doc,
      makeSticky({
        id: 't1',
        x: 0,
        y: 0,
        z: 'a0',
        createdBy: 'P',
        text: 'Fraud',
        rank: 'a0',
        laneId: 'next',
      }),
    );
    addItem(
      team.doc,
      makeSticky({ id: 't2', x: 240, y: 0, z: 'a1', createdBy: 'P', text: 'Wallets', rank: 'a1' }),
    );
    const probe = await connectClient(server.wsUrl, teamBoard.id, teamBoard.tokens.viewer);
    await waitFor(() => readItems(probe.doc).length === 2, 5000, 'the team board');
    const probe2 = await connectClient(server.wsUrl, unified.id, unified.tokens.viewer);
    await waitFor(() => readTeams(probe2.doc).length === 2, 5000, 'the template');
    for (const client of [facilitator, team, probe, probe2]) client.destroy();
  });

  afterAll(async () => {
    await server.close();
    data.remove();
  });

  const exportTeamBoard = async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${teamBoard.id}/export?format=json`,
      headers: { authorization: `Bearer ${teamBoard.tokens.viewer}` },
    });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  const merge = (body: string, query: string, token = unified.tokens.editor) =>
    server.app.inject({
      method: 'POST',
      url: `/api/boards/${unified.id}/import${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: body,
    });

  it('an editor merges a board file into a team: connected people see it land beside the swimlane', async () => {
    const watcher = await connectClient(server.wsUrl, unified.id, unified.tokens.viewer);
    try {
      await waitFor(() => readItems(watcher.doc).length > 0, 5000, 'the board');
      const before = readItems(watcher.doc);
      const response = await merge(await exportTeamBoard(), `?teamId=${paymentsId}&name=pay.json`);
      expect(response.statusCode).toBe(201);
      const body = response.json<{
        created: number;
        itemIds: string[];
        frameId: string;
        source: string;
      }>();
      expect(body).toMatchObject({ created: 3, source: 'Payments refinement', teamId: 'pay' });
      await waitFor(() => readItems(watcher.doc).length === before.length + 3, 5000, 'merged');

      const items = readItems(watcher.doc);
      const cards = body.itemIds.map((id) => items.find((i) => i.id === id)!);
      expect(cards.map((c) => isBacklogItem(c) && [c.text, c.teamId, c.laneId, c.source])).toEqual([
        ['Fraud', 'pay', 'next', { kind: 'board', name: 'Payments refinement', teamId: 'pay' }],
        [
          'Wallets',
          'pay',
          undefined,
          { kind: 'board', name: 'Payments refinement', teamId: 'pay' },
        ],
      ]);
      const frame = items.find((i) => i.id === body.frameId)!;
      expect(isFrame(frame) && frame.teamId).toBe('pay');
      const swimlane = before.find((i) => isFrame(i) && i.teamId === 'pay' && !i.laneId)!;
      // On the Payments row, right beside its swimlane, covering nothing that was there.
      expect(frame.y).toBe(swimlane.y);
      expect(frame.x).toBeGreaterThanOrEqual(swimlane.x + swimlane.w);
      for (const item of before) expect(overlaps(item, frame)).toBe(false);
      // Nothing that was on the board moved.
      for (const item of before) expect(items.find((i) => i.id === item.id)).toEqual(item);
    } finally {
      watcher.destroy();
    }
  });

  it('a second merge of the same file lands beside the first, with fresh ids', async () => {
    const response = await merge(await exportTeamBoard(), `?teamId=${paymentsId}`);
    expect(response.statusCode).toBe(201);
    const watcher = await connectClient(server.wsUrl, unified.id, unified.tokens.viewer);
    try {
      await waitFor(
        () =>
          readItems(watcher.doc).filter((i) => isFrame(i) && i.title.includes('from')).length === 2,
        5000,
        'two merged frames',
      );
      const frames = readItems(watcher.doc).filter((i) => isFrame(i) && i.title.includes('from'));
      expect(overlaps(frames[0]!, frames[1]!)).toBe(false);
      const ids = readItems(watcher.doc).map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      watcher.destroy();
    }
  });

  it('refuses an unknown team, a bad file and a viewer, changing nothing', async () => {
    const file = await exportTeamBoard();
    const unknown = await merge(file, '?teamId=nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ApiError>().error.message).toContain('no team "nope"');
    const bad = await merge(JSON.stringify({ format: 'other' }), `?teamId=${paymentsId}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ApiError>().error.code).toBe('WB_ERR_BAD_REQUEST');
    const viewer = await merge(file, `?teamId=${paymentsId}`, unified.tokens.viewer);
    expect(viewer.statusCode).toBe(403);
    const watcher = await connectClient(server.wsUrl, unified.id, unified.tokens.viewer);
    try {
      await waitFor(() => readItems(watcher.doc).length > 0, 5000, 'the board');
      expect(
        readItems(watcher.doc).filter((i) => isFrame(i) && i.title.includes('from')),
      ).toHaveLength(2);
    } finally {
      watcher.destroy();
    }
  });

  it('without a team, a board file still replaces the board (facilitator only)', async () => {
    const response = await merge(await exportTeamBoard(), '');
    expect(response.statusCode).toBe(403);
  });
});
