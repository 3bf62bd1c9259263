import { describe, expect, it } from 'vitest';
import { DEFAULT_LANES } from '../../schema/team';
import type { Team } from '../../schema/team';
import { parseCsv } from './csv-text';
import { BACKLOG_COLUMNS, toCsv, toCsvRows } from './export';
import type { BacklogExportItem } from './export';
import { readBacklogCsv } from './read';
import { rowText } from './rows';

const teams: Team[] = [
  { id: 't-pay', name: 'Payments', color: 'blue' },
  { id: 't-app', name: 'App', color: 'green' },
];

describe('export', () => {
  const items: BacklogExportItem[] = [
    {
      id: 'c',
      text: 'Checkout',
      rank: 'a1',
      teamId: 't-pay',
      laneId: 'next',
      estimate: 8,
      sourceKey: 'PAY-7',
      labels: ['api', 'web'],
      source: { kind: 'csv', name: 'jira.csv', type: 'Story', status: 'To Do', parent: 'PAY-1' },
    },
    {
      id: 'a',
      text: 'Accounts\nLet people\nsign up',
      rank: 'a0',
      teamId: 't-app',
      laneId: 'now',
      wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 3 },
    },
    {
      id: 'u',
      text: '=HYPERLINK("x")',
      rice: { reach: 10, impact: 1, confidence: 0.5, effort: 2 },
    },
  ];
  const context = {
    teams,
    lanes: DEFAULT_LANES,
    votes: { a: { ada: 2, bob: 1 }, u: { cy: 1 } },
    voterTeam: { ada: 't-pay', bob: 't-app' },
    teamWeights: { 't-pay': 2 },
    edges: [
      { id: 'e1', fromItemId: 'a', toItemId: 'c' },
      { id: 'e2', fromItemId: 'c', toItemId: 'gone' },
      { id: 'e3', fromItemId: 'u', toItemId: 'a' },
    ],
  };

  it('writes ranked rows with keys, votes per team and weighted, both scores and the source', () => {
    const rows = toCsvRows(items, context);
    const at = BACKLOG_COLUMNS.indexOf('votes_total') + 1;
    expect(rows[0]).toEqual([
      ...BACKLOG_COLUMNS.slice(0, at),
      'votes_App',
      'votes_Payments',
      ...BACKLOG_COLUMNS.slice(at),
    ]);
    const records = rows
      .slice(1)
      .map((row) => Object.fromEntries(row.map((cell, i) => [rows[0]![i], cell])));
    expect(records.map((r) => r.key)).toEqual(['a', 'PAY-7', 'u']);
    expect(records[0]).toMatchObject({
      rank: 1,
      title: 'Accounts',
      description: 'Let people\nsign up',
      team: 'App',
      lane: 'Now',
      votes_total: 3,
      votes_App: 1,
      votes_Payments: 2,
      votes_weighted: 5,
      wsjf_score: 5.33,
      rice_score: '',
      depends_on: 'PAY-7',
      health: 'red',
    });
    expect(records[1]).toMatchObject({
      rank: 2,
      team: 'Payments',
      lane: 'Next',
      labels: 'api; web',
      type: 'Story',
      status: 'To Do',
      parent: 'PAY-1',
      depends_on: '',
      source: 'jira.csv (csv)',
    });
    // A card without a source key is named by its title.
    expect(records[2]).toMatchObject({
      rank: '',
      votes_total: 1,
      rice_score: 2.5,
      depends_on: 'Accounts',
    });
  });

  it('round-trips through its own import', () => {
    const text = toCsv(items, context);
    const { rows, errors, warnings } = readBacklogCsv(text, { lanes: DEFAULT_LANES, teams });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows.map((r) => [r.key, r.rank, rowText(r), r.teamId, r.laneId, r.dependsOn])).toEqual([
      ['a', 1, 'Accounts\nLet people\nsign up', 't-app', 'now', ['PAY-7']],
      ['PAY-7', 2, 'Checkout', 't-pay', 'next', []],
      ['u', undefined, '=HYPERLINK("x")', undefined, undefined, ['a']],
    ]);
    expect(rows[0]!.wsjf).toEqual(items[1]!.wsjf);
    expect(rows[1]).toMatchObject({
      labels: ['api', 'web'],
      estimate: 8,
      details: { parent: 'PAY-1' },
    });
    expect(rows[2]!.rice).toEqual(items[2]!.rice);
  });

  it('never alters a key, even one starting with -, and still guards the text beside it', () => {
    const dashed: BacklogExportItem[] = [
      { id: '-b2x', text: '-5 days', rank: 'a0' },
      { id: '=1+1', text: 'Hostile id', rank: 'a1' },
      { id: '_a', text: '@here', rank: 'a2', sourceKey: '-K-1' },
      { id: 'z', text: 'Needs it', rank: 'a3' },
    ];
    const edges = [{ id: 'e', fromItemId: 'z', toItemId: '_a' }];
    const text = toCsv(dashed, { edges });
    const records = parseCsv(text).records.slice(1);
    expect(records.map((r) => r[0])).toEqual(['-b2x', "'=1+1", '-K-1', 'z']);
    expect(records.map((r) => r[2])).toEqual(["'-5 days", 'Hostile id', "'@here", 'Needs it']);
    expect(records[3]![BACKLOG_COLUMNS.indexOf('depends_on')]).toBe('-K-1');
    const { rows, errors } = readBacklogCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.key, r.title, r.dependsOn])).toEqual([
      ['-b2x', '-5 days', []],
      ['=1+1', 'Hostile id', []],
      ['-K-1', '@here', []],
      ['z', 'Needs it', ['-K-1']],
    ]);
  });

  it('writes only a header for an empty backlog', () => {
    expect(toCsvRows([], {})).toEqual([[...BACKLOG_COLUMNS]]);
  });
});
