import { isConnector, isFrame, isSticky, readItems, readLanes, readTeams } from '@weboard/shared';
import type { StickyItem } from '@weboard/shared';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startServer, tempDir, testConfig, waitFor } from './helpers';
import type { TestServer } from './helpers';

/*
 * Real exports as product owners bring them (fixtures/import): every row goes in, in one pass,
 * sensibly mapped, onto a program board whose sprints and teams only partly match.
 */

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface ImportBody {
  created: number;
  updated: number;
  createdLanes: string[];
  createdTeams: string[];
  unknown: { lanes: { name: string; rows: number }[]; teams: { name: string; rows: number }[] };
  errors: { row: number; column: string; message: string }[];
  warnings: { row: number; column: string; message: string }[];
}

describe('importing real exports', () => {
  const data = tempDir();
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer(testConfig(data.dir));
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });

  /** A program board with Payments and Accounts swimlanes over Iteration 1–5. */
  async function programBoard() {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/boards',
      payload: {
        title: 'PI 26.4',
        template: 'program-board',
        teams: [
          { name: 'Payments', color: 'blue' },
          { name: 'Accounts', color: 'green' },
        ],
      },
    });
    const { id, links } = response.json<{ id: string; links: { editor: string } }>();
    return { id, token: new URL(links.editor).searchParams.get('token')! };
  }

  async function importFile(
    board: { id: string; token: string },
    name: string,
    type = 'text/csv',
    query = '',
  ) {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/import?name=${encodeURIComponent(name)}${query}`,
      headers: { authorization: `Bearer ${board.token}`, 'content-type': type },
      payload: fixture(name),
    });
    return { status: response.statusCode, body: response.json<ImportBody>() };
  }

  async function cardsOf(board: { id: string; token: string }, count: number) {
    const client = await connectClient(server.wsUrl, board.id, board.token);
    try {
      await waitFor(() => readItems(client.doc).filter(isSticky).length === count, 5000, 'cards');
      const items = readItems(client.doc);
      const lanes = new Map(readLanes(client.doc).map((l) => [l.id, l.name]));
      const teams = new Map(readTeams(client.doc).map((t) => [t.id, t.name]));
      const cards = items.filter(isSticky);
      const byKey = new Map(cards.map((c) => [c.sourceKey ?? c.id, c]));
      const keyOf = (id: string | null) => cards.find((c) => c.id === id)?.sourceKey ?? id;
      return {
        items,
        card: (key: string) => byKey.get(key)!,
        lane: (c: StickyItem) => (c.laneId ? lanes.get(c.laneId) : undefined),
        team: (c: StickyItem) => (c.teamId ? teams.get(c.teamId) : undefined),
        dependencies: items
          .filter(isConnector)
          .filter((c) => c.kind === 'depends-on')
          .map((c) => `${keyOf(c.from.itemId)}→${keyOf(c.to.itemId)}`)
          .sort(),
        frames: items.filter(isFrame),
      };
    } finally {
      client.destroy();
    }
  }

  it('takes a Jira Cloud export: every row, story points, team field, sprints and links', async () => {
    const board = await programBoard();
    const { status, body } = await importFile(board, 'jira-cloud.csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({ created: 4, updated: 0, errors: [] });
    expect(body.unknown.lanes.map((l) => [l.name, l.rows])).toEqual([
      ['PAY Sprint 23', 2],
      ['PAY Sprint 24', 1],
    ]);
    expect(body.unknown.teams.map((t) => [t.name, t.rows])).toEqual([
      ['Mobile App', 1],
      ['Risk', 1],
    ]);
    expect(body.createdTeams).toEqual(['Mobile App', 'Risk']);
    expect(body.warnings.map((w) => [w.row, w.message])).toEqual([
      [5, expect.stringContaining('"PAY-999"')],
    ]);
    const board_ = await cardsOf(board, 4);
    const pay101 = board_.card('PAY-101');
    expect(pay101).toMatchObject({
      text: 'Card payments with 3-D Secure\nSupport 3DS2 challenges\nfor card payments',
      estimate: 5,
      labels: ['checkout', 'security'],
      source: {
        kind: 'csv',
        name: 'jira-cloud.csv',
        type: 'Story',
        status: 'To Do',
        priority: 'High',
        parent: '10100',
      },
    });
    expect(board_.lane(pay101)).toBe('PAY Sprint 23');
    expect(board_.team(pay101)).toBe('Payments');
    expect(board_.card('PAY-103')).toMatchObject({ estimate: 8 });
    expect(board_.team(board_.card('PAY-103'))).toBe('Mobile App');
    expect(board_.card('PAY-103').rice).toBeUndefined();
    // PAY-101 blocks PAY-102 (said on both rows, one connector); relates-to is no dependency.
    expect(board_.dependencies).toEqual(['PAY-102→PAY-101']);
  });

  it('takes a Jira Data Center export and a re-import of it updates instead of duplicating', async () => {
    const board = await programBoard();
    const first = await importFile(board, 'jira-data-center.csv', 'text/csv', '&unknown=empty');
    expect(first.body).toMatchObject({
      created: 3,
      errors: [],
      createdLanes: [],
      createdTeams: [],
    });
    const again = await importFile(board, 'jira-data-center.csv');
    expect(again.body).toMatchObject({ created: 0, updated: 3, errors: [] });
    const board_ = await cardsOf(board, 3);
    expect(board_.dependencies).toEqual(['ACC-8→ACC-7', 'ACC-9→ACC-8']);
    const acc9 = board_.card('ACC-9');
    expect(acc9).toMatchObject({
      labels: ['reporting', 'ops'],
      estimate: 2,
      source: { type: 'Task' },
    });
    expect(board_.team(acc9)).toBe('Accounts');
    // The second pass created the sprints the first left empty, and moved the cards into them.
    expect(board_.lane(acc9)).toBe('ACC Sprint 6');
    expect(board_.card('ACC-7').source?.parent).toBe('ACC-1');
  });

  it('takes an Azure DevOps export: Effort is an estimate, paths give team and iteration', async () => {
    const board = await programBoard();
    const { status, body } = await importFile(board, 'azure-devops.csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({ created: 3, errors: [], warnings: [], createdTeams: [] });
    expect(body.createdLanes).toEqual(['Release 1', 'Sprint 3', 'Sprint 4']);
    const board_ = await cardsOf(board, 3);
    const scheduling = board_.card('4202');
    expect(scheduling).toMatchObject({
      text: 'Payout scheduling',
      estimate: 5,
      labels: ['payouts', 'scheduling'],
      source: { type: 'Product Backlog Item', status: 'Approved' },
    });
    expect(scheduling.rice).toBeUndefined();
    expect(board_.lane(scheduling)).toBe('Sprint 3');
    expect(board_.team(scheduling)).toBe('Payments');
    // Fabrikam\Payments\Limits is Payments' own area.
    expect(board_.team(board_.card('4203'))).toBe('Payments');
    expect(board_.card('4201').text).toBe('Instant payouts');
  });

  it('takes a German Excel workbook', async () => {
    const board = await programBoard();
    const { status, body } = await importFile(board, 'german-backlog.xlsx', XLSX);
    expect(status).toBe(201);
    expect(body).toMatchObject({
      created: 3,
      errors: [],
      warnings: [],
      createdTeams: ['Buchhaltung'],
    });
    const board_ = await cardsOf(board, 3);
    expect(board_.card('DE-2')).toMatchObject({
      text: 'Mahnwesen automatisieren',
      estimate: 3.5,
      labels: ['dunning'],
      source: { type: 'Story', status: 'In Arbeit', priority: 'Mittel' },
    });
    expect(board_.card('DE-3').estimate).toBe(5);
    expect(board_.dependencies).toEqual(['DE-2→DE-1', 'DE-3→DE-2']);
    // Sprint 12 is no lane of this board: it was created.
    expect(board_.lane(board_.card('DE-1'))).toBe('Sprint 12');
  });

  it('takes a semicolon CSV with a BOM, decimal commas and percentages', async () => {
    const board = await programBoard();
    const { status, body } = await importFile(
      board,
      'semicolon-de.csv',
      'text/csv',
      '&unknown=empty',
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({ created: 3, errors: [], warnings: [] });
    expect(body.unknown.lanes.map((l) => l.name)).toEqual(['Now', 'Next', 'Später']);
    const board_ = await cardsOf(board, 3);
    const k1 = board_.card('K-1');
    expect(k1).toMatchObject({
      text: 'Kontoauszug als PDF\nMonatlich, für alle Konten',
      estimate: 2.5,
      rice: { reach: 1000, impact: 2, confidence: 0.8, effort: 4 },
    });
    // Left without a lane, Accounts' cards land in Accounts' first iteration cell.
    expect(board_.lane(k1)).toBe('Iteration 1');
    const cell = board_.frames.find((f) => f.teamId === k1.teamId && f.laneId === k1.laneId)!;
    expect(k1.x).toBeGreaterThanOrEqual(cell.x);
    expect(k1.x + k1.w).toBeLessThanOrEqual(cell.x + cell.w);
    expect(board_.dependencies).toEqual(['K-2→K-1', 'K-3→K-1', 'K-3→K-2']);
  });

  it('refuses a file that is no workbook with a clear 400', async () => {
    const board = await programBoard();
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/boards/${board.id}/import`,
      headers: { authorization: `Bearer ${board.token}`, 'content-type': XLSX },
      payload: Buffer.from('not a zip'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toContain('.xlsx');
  });
});
