import {
  readBacklogCsv,
  isFrame,
  isSticky,
  readItems,
  readLanes,
  readTeams,
  setTeam,
} from '@weboard/shared';
import type { ApiError } from '@weboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, createBoard, startServer, tempDir, testConfig, waitFor } from './helpers';
import type { TestBoard, TestServer } from './helpers';

const GOOD = [
  'id,title,description,team,lane,estimate,business value,time criticality,rr|oe,job size,depends on',
  'P-1,Card vault,Store cards safely,Payments,Now,5,8,5,3,5,',
  'P-2,One-click pay,,Payments,Next,3,13,8,2,3,P-1',
  'A-1,Account merge,"Merge two accounts, keep history",Accounts,Later,8,,,,,',
].join('\r\n');

describe('backlog import and export endpoints', () => {
  const data = tempDir();
  let server: TestServer;
  let board: TestBoard;

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
    board = await createBoard(server.app, 'PI planning');
    // Teams come from the board; the live client adds them as a facilitator would.
    const client = await connectClient(server.wsUrl, board.id, board.tokens.facilitator);
    setTeam(client.doc, { id: 'pay', name: 'Payments', color: 'blue' });
    setTeam(client.doc, { id: 'acc', name: 'Accounts', color: 'green' });
    const probe = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitFor(() => readTeams(probe.doc).length === 2, 5000, 'teams to reach the server');
    probe.destroy();
    client.destroy();
  });

  afterAll(async () => {
    await server.close();
    data.remove();
  });

  const importCsv = (
    body: string | Buffer,
    options: { token?: string; type?: string; query?: string; boardId?: string } = {},
  ) =>
    server.app.inject({
      method: 'POST',
      url: `/api/boards/${options.boardId ?? board.id}/import${options.query ?? ''}`,
      headers: {
        authorization: `Bearer ${options.token ?? board.tokens.editor}`,
        'content-type': options.type ?? 'text/csv',
      },
      payload: body,
    });

  const exportCsv = (boardId = board.id, token = board.tokens.viewer) =>
    server.app.inject({
      method: 'GET',
      url: `/api/boards/${boardId}/export?format=csv`,
      headers: { authorization: `Bearer ${token}` },
    });

  it('imports a good file live: connected people see the items at once', async () => {
    const watcher = await connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      const response = await importCsv(GOOD, { query: '?name=payments.csv' });
      expect(response.statusCode).toBe(201);
      const body = response.json<{ created: number; itemIds: string[]; errors: unknown[] }>();
      expect(body).toMatchObject({ created: 3, errors: [] });
      await waitFor(() => readItems(watcher.doc).filter(isSticky).length === 3, 5000, 'items');
      const cards = readItems(watcher.doc).filter(isSticky);
      const vault = cards.find((c) => c.text.startsWith('Card vault'))!;
      expect(vault).toMatchObject({
        teamId: 'pay',
        laneId: 'now',
        estimate: 5,
        wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5 },
        source: { kind: 'csv', name: 'payments.csv' },
      });
      expect(readItems(watcher.doc).filter((i) => i.type === 'connector')).toHaveLength(1);
    } finally {
      watcher.destroy();
    }
  });

  it('exports the ranked backlog, which imports back as the same items', async () => {
    const response = await exportCsv();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="PI-planning-backlog.csv"',
    );
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe(
      'key,rank,title,description,team,lane,estimate,labels,type,status,priority,parent,' +
        'wsjf_business_value,wsjf_time_criticality,wsjf_risk_reduction,wsjf_job_size,' +
        'rice_reach,rice_impact,rice_confidence,rice_effort,votes_total,votes_Accounts,' +
        'votes_Payments,votes_weighted,wsjf_score,rice_score,depends_on,health,source',
    );
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual([
      'Card vault',
      'One-click pay',
      'Account merge',
    ]);
    expect(lines[2]).toMatch(/,7\.67,,P-1,green,payments\.csv \(csv\)$/);
    const parsed = readBacklogCsv(response.body, {
      teams: [
        { id: 'pay', name: 'Payments', color: 'blue' },
        { id: 'acc', name: 'Accounts', color: 'green' },
      ],
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.title, r.teamId, r.lane, r.estimate])).toEqual([
      ['Card vault', 'pay', 'Now', 5],
      ['One-click pay', 'pay', 'Next', 3],
      ['Account merge', 'acc', 'Later', 8],
    ]);
  });

  it('creates the good rows of a file with bad ones, and lists every bad row', async () => {
    const other = await createBoard(server.app, 'Bad rows');
    const csv = [
      'title,lane,estimate,depends_on',
      'Fine,Now,3,',
      ',Now,2,',
      'Unknown lane,Someday,1,',
      'Bad number,Next,lots,',
      'Needs a missing row,Now,1,3',
      'Also fine,Later,,',
    ].join('\n');
    const response = await importCsv(csv, {
      token: other.tokens.editor,
      boardId: other.id,
      query: '?unknown=empty',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{
      created: number;
      errors: { row: number; column: string }[];
      warnings: { row: number; column: string }[];
      unknown: { lanes: unknown[] };
    }>();
    // An unknown lane never fails a row; a link to a row that failed is left out with a warning.
    expect(body.created).toBe(4);
    expect(body.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'title'],
      [5, 'estimate'],
    ]);
    expect(body.warnings.map((e) => [e.row, e.column])).toEqual([[6, 'depends_on']]);
    expect(body.unknown.lanes).toEqual([{ name: 'Someday', rows: 1 }]);
    const exported = await exportCsv(other.id, other.tokens.viewer);
    expect(
      exported.body
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[2]),
    ).toEqual(['Fine', 'Unknown lane', 'Needs a missing row', 'Also fine']);
  });

  it('creates nothing in strict mode, or when no row is valid', async () => {
    const other = await createBoard(server.app, 'Strict');
    const strict = await importCsv('title,estimate\nGood,1\nBad,x', {
      token: other.tokens.editor,
      boardId: other.id,
      query: '?mode=strict',
    });
    expect(strict.statusCode).toBe(422);
    const error = strict.json<ApiError>().error;
    expect(error.code).toBe('WB_ERR_IMPORT_INVALID');
    expect(error.rows).toEqual([{ row: 3, column: 'estimate', message: '"x" is not a number' }]);
    const noTitle = await importCsv('name of thing\nx', {
      token: other.tokens.editor,
      boardId: other.id,
    });
    expect(noTitle.statusCode).toBe(422);
    expect(noTitle.json<ApiError>().error.rows).toHaveLength(1);
    const exported = await exportCsv(other.id, other.tokens.viewer);
    expect(exported.body.split('\r\n')).toHaveLength(1);
  });

  it('refuses a file in the wrong encoding, and decodes a declared or BOM-marked one', async () => {
    const other = await createBoard(server.app, 'Encodings');
    const latin1 = Buffer.from('title\nCafé crème\n', 'latin1');
    const refused = await importCsv(latin1, { token: other.tokens.editor, boardId: other.id });
    expect(refused.statusCode).toBe(415);
    expect(refused.json<ApiError>().error).toMatchObject({
      code: 'WB_ERR_UNSUPPORTED_ENCODING',
      message: expect.stringContaining('CSV UTF-8'),
    });
    const declared = await importCsv(latin1, {
      token: other.tokens.editor,
      boardId: other.id,
      type: 'text/csv; charset=windows-1252',
    });
    expect(declared.statusCode).toBe(201);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('title\nÜber-Feature\n', 'utf16le'),
    ]);
    expect(
      (await importCsv(utf16, { token: other.tokens.editor, boardId: other.id })).statusCode,
    ).toBe(201);
    const unknown = await importCsv('title\nx', {
      token: other.tokens.editor,
      boardId: other.id,
      type: 'text/csv; charset=klingon',
    });
    expect(unknown.statusCode).toBe(415);
    const exported = await exportCsv(other.id, other.tokens.viewer);
    expect(exported.body).toContain('Café crème');
    expect(exported.body).toContain('Über-Feature');
  });

  it('refuses a huge file and too many rows with a clear 413', async () => {
    const other = await createBoard(server.app, 'Huge');
    const huge = `title\n${'x'.repeat(100)}\n`.repeat(60_000);
    const tooBig = await importCsv(huge, { token: other.tokens.editor, boardId: other.id });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<ApiError>().error).toMatchObject({
      code: 'WB_ERR_PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('5 MB'),
    });
    const many = `title\n${Array.from({ length: 5001 }, (_, i) => `Item ${i}`).join('\n')}`;
    const tooMany = await importCsv(many, { token: other.tokens.editor, boardId: other.id });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json<ApiError>().error.message).toContain('at most 5000');
  });

  it('checks roles and content types', async () => {
    expect((await importCsv(GOOD, { token: board.tokens.viewer })).statusCode).toBe(403);
    expect((await importCsv(GOOD, { token: 'nope' })).statusCode).toBe(401);
    const json = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/import`,
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      payload: { items: [] },
    });
    // JSON is the board file, which only a facilitator may import.
    expect(json.statusCode).toBe(403);
    const unknownFormat = await server.app.inject({
      method: 'GET',
      url: `/api/boards/${board.id}/export?format=xlsx`,
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(unknownFormat.statusCode).toBe(400);
    expect((await exportCsv(board.id, 'bad')).statusCode).toBe(401);
  });

  it('creates a board from a template with its teams', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: {
        title: 'Program',
        template: 'now-next-later',
        teams: [
          { name: 'Payments', color: 'blue' },
          { name: 'Accounts', color: 'green' },
        ],
      },
    });
    expect(response.statusCode).toBe(201);
    const { id, links } = response.json<{ id: string; links: { editor: string } }>();
    const token = new URL(links.editor).searchParams.get('token')!;
    const client = await connectClient(server.wsUrl, id, token);
    try {
      expect(readTeams(client.doc).map((t) => t.name)).toEqual(['Accounts', 'Payments']);
      expect(readLanes(client.doc).map((l) => l.id)).toEqual(['now', 'next', 'later']);
      expect(readItems(client.doc).filter(isFrame).length).toBeGreaterThan(6);
    } finally {
      client.destroy();
    }
    const bad = await server.app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: { title: 'x', template: 'kanban' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
