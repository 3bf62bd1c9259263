import { describe, expect, it } from 'vitest';
import { DEFAULT_LANES } from '../schema/team';
import type { Team } from '../schema/team';
import {
  BACKLOG_COLUMNS,
  importBacklogCsv,
  mapBacklogHeaders,
  normalizeHeader,
  parseCsv,
  parseNumberCell,
  rowText,
  serializeCsv,
  splitReferences,
  toCsv,
  toCsvRows,
  validateBacklogRows,
} from './backlog-csv';
import type { BacklogExportItem } from './backlog-csv';

const teams: Team[] = [
  { id: 't-pay', name: 'Payments', color: 'blue' },
  { id: 't-app', name: 'App', color: 'green' },
];

describe('header mapping', () => {
  it.each<[string, string]>([
    ['Title', 'title'],
    ['Summary', 'title'],
    ['  NAME ', 'title'],
    ['User Story', 'title'],
    ['Description', 'description'],
    ['Details', 'description'],
    ['Story points', 'estimate'],
    ['story_points', 'estimate'],
    ['Points', 'estimate'],
    ['SP', 'estimate'],
    ['Estimate', 'estimate'],
    ['Rank', 'rank'],
    ['#', 'rank'],
    ['Order', 'rank'],
    ['Team', 'team'],
    ['Squad', 'team'],
    ['Lane', 'lane'],
    ['Horizon', 'lane'],
    ['Iteration', 'lane'],
    ['Issue key', 'id'],
    ['ID', 'id'],
    ['Business Value', 'wsjf_business_value'],
    ['wsjf_business_value', 'wsjf_business_value'],
    ['WSJF Business-Value', 'wsjf_business_value'],
    ['Time criticality', 'wsjf_time_criticality'],
    ['RR|OE', 'wsjf_risk_reduction'],
    ['Risk reduction', 'wsjf_risk_reduction'],
    ['Job size', 'wsjf_job_size'],
    ['Reach', 'rice_reach'],
    ['RICE impact', 'rice_impact'],
    ['Confidence (%)', 'rice_confidence'],
    ['Effort', 'rice_effort'],
    ['Votes', 'votes_total'],
    ['votes_total', 'votes_total'],
    ['WSJF', 'score'],
    ['Score', 'score'],
    ['Depends on', 'depends_on'],
    ['Blocked by', 'depends_on'],
    ['Dependencies', 'depends_on'],
    ['Health', 'health'],
    ['Ránk', 'rank'],
  ])('maps "%s" to %s', (header, field) => {
    const [column] = mapBacklogHeaders([header]).columns;
    expect(column).toMatchObject({ index: 0, header, field });
  });

  it.each([
    ['votes_Payments', 'Payments'],
    ['Votes: Mobile App', 'Mobile App'],
    ['votes (Data)', 'Data'],
  ])('maps "%s" to the votes of team %s', (header, team) => {
    expect(mapBacklogHeaders([header]).columns[0]).toEqual({
      index: 0,
      header,
      field: 'votes_team',
      team,
    });
  });

  it.each(['Created', 'Reporter', '', 'Priority'])('ignores "%s"', (header) => {
    expect(mapBacklogHeaders([header]).columns[0]!.field).toBeNull();
  });

  it('reports a missing title and duplicate columns', () => {
    expect(mapBacklogHeaders(['Points', 'Team'])).toMatchObject({ missing: ['title'] });
    const mapping = mapBacklogHeaders(['Summary', 'Title', 'Points']);
    expect(mapping.missing).toEqual([]);
    expect(mapping.duplicates).toEqual(['Title']);
    expect(mapping.columns.map((c) => c.field)).toEqual(['title', null, 'estimate']);
  });

  it('maps its own export headers to themselves', () => {
    const columns = mapBacklogHeaders([...BACKLOG_COLUMNS]).columns;
    expect(columns.map((c) => c.field)).toEqual([...BACKLOG_COLUMNS]);
  });

  it('normalises headers', () => {
    expect(normalizeHeader(' Story_Points (SP) ')).toBe('storypointssp');
  });
});

describe('cells', () => {
  it.each<[string, number | null, boolean?]>([
    ['3', 3],
    [' 3.5 ', 3.5],
    ['3,5', 3.5],
    ['.5', 0.5],
    ['-2', -2],
    ['1e3', 1000],
    ['80%', 80, true],
    ['80%', null],
    ['1,000,000', null],
    ['three', null],
    ['', null],
    ['Infinity', null],
  ])('reads "%s" as %s', (cell, expected, percent) => {
    expect(parseNumberCell(cell, { percent: percent ?? false })).toBe(expected);
  });

  it('splits references', () => {
    expect(splitReferences(' A-1; A-2,A-3  A-4 ')).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    expect(splitReferences('')).toEqual([]);
  });
});

const header = 'Key,Summary,Description,Team,Lane,Story points,Depends on';
function importRows(lines: string[], options = {}) {
  return importBacklogCsv([header, ...lines].join('\n'), options);
}

describe('row validation', () => {
  it('reads a good file', () => {
    const { rows, errors } = importRows(
      ['A-1,Login,Users sign in,Payments,Now,3,A-2', 'A-2,Accounts,,New team,later,5,'],
      { lanes: DEFAULT_LANES, teams },
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        key: 'A-1',
        title: 'Login',
        description: 'Users sign in',
        team: 'Payments',
        teamId: 't-pay',
        lane: 'now',
        estimate: 3,
        dependsOn: ['A-2'],
      },
      {
        row: 3,
        key: 'A-2',
        title: 'Accounts',
        team: 'New team',
        lane: 'later',
        estimate: 5,
        dependsOn: [],
      },
    ]);
    expect(rowText(rows[0]!)).toBe('Login\nUsers sign in');
    expect(rowText(rows[1]!)).toBe('Accounts');
  });

  it.each<[string, string, { row: number; column: string; message: RegExp }]>([
    ['a missing title', 'A-1,,desc,,,,', { row: 2, column: 'Summary', message: /required/ }],
    [
      'a non-numeric estimate',
      'A-1,T,,,,lots,',
      { row: 2, column: 'Story points', message: /not a number/ },
    ],
    [
      'a negative estimate',
      'A-1,T,,,,-1,',
      { row: 2, column: 'Story points', message: /negative/ },
    ],
    [
      'an unknown lane',
      'A-1,T,,,Someday,,',
      { row: 2, column: 'Lane', message: /unknown lane "Someday".*Now, Next, Later/ },
    ],
    [
      'an unknown reference',
      'A-1,T,,,,,B-9',
      { row: 2, column: 'Depends on', message: /"B-9" matches no id/ },
    ],
    ['a self reference', 'A-1,T,,,,,A-1', { row: 2, column: 'Depends on', message: /itself/ }],
    ['an over-long id', `${'x'.repeat(65)},T,,,,,`, { row: 2, column: 'Key', message: /64/ }],
    [
      'an over-long text',
      `A-1,T,${'x'.repeat(10_000)},,,,`,
      { row: 2, column: 'Description', message: /10000/ },
    ],
  ])('reports %s', (_label, line, expected) => {
    const { rows, errors } = importRows([line], { lanes: DEFAULT_LANES });
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: expected.row, column: expected.column });
    expect(errors[0]!.message).toMatch(expected.message);
  });

  it('reports a duplicate id on the later row and keeps the first', () => {
    const { rows, errors } = importRows(['A-1,First,,,,,', 'A-1,Second,,,,,']);
    expect(rows.map((r) => r.title)).toEqual(['First']);
    expect(errors).toEqual([{ row: 3, column: 'Key', message: 'duplicate id "A-1"' }]);
  });

  it('numbers rows as a spreadsheet does, blank lines included', () => {
    const { rows, errors } = importRows(['A-1,One,,,,,', '', ',,,,,,', 'A-2,,,,,,']);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors.map((e) => e.row)).toEqual([5]);
  });

  it('keeps valid rows when others fail', () => {
    const { rows, errors } = importRows(['A-1,Good,,,,1,', 'A-2,Bad,,,,x,']);
    expect(rows.map((r) => r.key)).toEqual(['A-1']);
    expect(errors.map((e) => e.row)).toEqual([3]);
  });

  it('accepts any lane when the board lanes are not given', () => {
    expect(importRows(['A-1,T,,,Someday,,']).rows[0]!.lane).toBe('Someday');
  });

  it('resolves references by rank when rows have no id, and to existing items', () => {
    const csv = ['Rank,Title,Depends on', '1,Base,', '2,Top,1 board-item', '3,Other,'].join('\n');
    const { rows, errors } = importBacklogCsv(csv, { existingItemIds: new Set(['board-item']) });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.key, r.rank, r.dependsOn])).toEqual([
      ['row-2', 1, []],
      ['row-3', 2, ['row-2', 'board-item']],
      ['row-4', 3, []],
    ]);
  });

  it.each<[string, string, Record<string, unknown> | string]>([
    [
      'complete WSJF',
      '8,5,3,4,,,,',
      { wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 } },
    ],
    [
      'complete RICE with a percentage',
      ',,,,1000,2,80%,3',
      { rice: { reach: 1000, impact: 2, confidence: 80, effort: 3 } },
    ],
    [
      'complete RICE with a fraction',
      ',,,,10,1,0.5,1',
      { rice: { reach: 10, impact: 1, confidence: 0.5, effort: 1 } },
    ],
    ['partial WSJF', '8,5,,4,,,,', 'WSJF needs all of'],
    ['partial RICE', ',,,,10,,0.5,1', 'RICE needs all of'],
    ['a confidence over 100', ',,,,10,1,150,1', 'percentage 0..100'],
    ['a bad WSJF number', '8,x,3,4,,,,', '"x" is not a number'],
  ])('reads %s', (_label, cells, expected) => {
    const csv = ['Title,BV,TC,RR|OE,Job size,Reach,Impact,Confidence,Effort', `T,${cells}`].join(
      '\n',
    );
    const { rows, errors } = importBacklogCsv(csv);
    if (typeof expected === 'string') {
      expect(rows).toEqual([]);
      expect(errors.map((e) => e.message).join()).toContain(expected);
      expect(errors).toHaveLength(1);
    } else {
      expect(errors).toEqual([]);
      expect(rows[0]).toMatchObject(expected);
    }
  });

  it('refuses a file without a title column', () => {
    const { rows, errors } = importBacklogCsv('Points,Team\n3,App');
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ row: 1, column: 'title', message: expect.stringMatching(/title/) }]);
  });

  it('validates records against a mapping directly', () => {
    const mapping = mapBacklogHeaders(['Title']);
    expect(validateBacklogRows([['A'], ['B']], mapping).rows.map((r) => r.key)).toEqual([
      'row-2',
      'row-3',
    ]);
  });
});

describe('CSV parsing', () => {
  it.each<[string, string, string[][]]>([
    [
      'commas',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'semicolons',
      'a;b\n1;2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'tabs',
      'a\tb\n1\t2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted commas and newlines',
      'a,b\n"x, y","line1\nline2"',
      [
        ['a', 'b'],
        ['x, y', 'line1\nline2'],
      ],
    ],
    ['escaped quotes', 'a\n"say ""hi"""', [['a'], ['say "hi"']]],
    [
      'a byte order mark and CRLF',
      '\uFEFFa,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a single column', 'Title\nOne', [['Title'], ['One']]],
  ])('reads %s', (_label, text, records) => {
    const parsed = parseCsv(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records).toEqual(records);
  });

  it('reports a broken quote with its row', () => {
    const { errors } = parseCsv('a,b\n1,"unclosed');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.row).toBe(2);
  });
});

describe('export', () => {
  const items: BacklogExportItem[] = [
    { id: 'c', text: 'Checkout', rank: 'a1', teamId: 't-pay', laneId: 'next', estimate: 8 },
    {
      id: 'a',
      text: 'Accounts\nLet people\nsign up',
      rank: 'a0',
      teamId: 't-app',
      laneId: 'now',
      wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 3 },
    },
    { id: 'u', text: '=HYPERLINK("x")', rice: { reach: 10, impact: 1, confidence: 50, effort: 2 } },
  ];
  const context = {
    teams,
    lanes: DEFAULT_LANES,
    votes: { a: { ada: 2, bob: 1 }, u: { cy: 1 } },
    voterTeam: { ada: 't-pay', bob: 't-app' },
    edges: [
      { id: 'e1', fromItemId: 'a', toItemId: 'c' },
      { id: 'e2', fromItemId: 'c', toItemId: 'gone' },
    ],
  };

  it('writes ranked rows with team vote columns', () => {
    const rows = toCsvRows(items, context);
    expect(rows[0]).toEqual([
      ...BACKLOG_COLUMNS.slice(0, BACKLOG_COLUMNS.indexOf('votes_total') + 1),
      'votes_App',
      'votes_Payments',
      'score',
      'depends_on',
      'health',
    ]);
    const records = rows
      .slice(1)
      .map((row) => Object.fromEntries(row.map((cell, i) => [rows[0]![i], cell])));
    expect(records.map((r) => r.id)).toEqual(['a', 'c', 'u']);
    expect(records[0]).toMatchObject({
      rank: 1,
      title: 'Accounts',
      description: 'Let people\nsign up',
      team: 'App',
      lane: 'Now',
      wsjf_job_size: 3,
      votes_total: 3,
      votes_App: 1,
      votes_Payments: 2,
      score: 5.33,
      depends_on: 'c',
      health: 'red',
    });
    expect(records[1]).toMatchObject({
      rank: 2,
      team: 'Payments',
      lane: 'Next',
      depends_on: '',
      health: '',
    });
    expect(records[2]).toMatchObject({ rank: '', team: '', votes_total: 1, score: '' });
    expect(toCsvRows(items, { ...context, scoreBy: 'rice' })[3]).toContain(2.5);
  });

  it('round-trips through its own import', () => {
    const text = toCsv(items, context);
    const { rows, errors } = importBacklogCsv(text, { lanes: DEFAULT_LANES, teams });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.key, r.rank, rowText(r), r.teamId, r.lane, r.dependsOn])).toEqual([
      ['a', 1, 'Accounts\nLet people\nsign up', 't-app', 'now', ['c']],
      ['c', 2, 'Checkout', 't-pay', 'next', []],
      ['u', undefined, '=HYPERLINK("x")', undefined, undefined, []],
    ]);
    expect(rows[0]!.wsjf).toEqual(items[1]!.wsjf);
    expect(rows[2]!.rice).toEqual(items[2]!.rice);
  });

  it('keeps spreadsheets from running cells as formulas, but not numbers', () => {
    const text = serializeCsv([
      ['title', 'n'],
      ['=1+1', -3],
      ['@cmd', 4],
    ]);
    expect(text).toBe('title,n\r\n"\'=1+1",-3\r\n"\'@cmd",4');
  });

  it('never alters an id, even one starting with -, and still guards the text beside it', () => {
    const dashed: BacklogExportItem[] = [
      { id: '-b2x', text: '-5 days', rank: 'a0' },
      { id: '=1+1', text: 'Hostile id', rank: 'a1' },
      { id: '_a', text: '@here', rank: 'a2' },
    ];
    const edges = [{ id: 'e', fromItemId: '_a', toItemId: '-b2x' }];
    const text = toCsv(dashed, { edges });
    const records = parseCsv(text).records.slice(1);
    expect(records.map((r) => r[0])).toEqual(['-b2x', "'=1+1", '_a']);
    expect(records.map((r) => r[2])).toEqual(["'-5 days", 'Hostile id', "'@here"]);
    expect(records[2]![BACKLOG_COLUMNS.indexOf('depends_on')]).toBe('-b2x');
    // And the file goes back in as it came out: same keys, same titles, same dependency.
    const { rows, errors } = importBacklogCsv(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.key, r.title, r.dependsOn])).toEqual([
      ['-b2x', '-5 days', []],
      ['=1+1', 'Hostile id', []],
      ['_a', '@here', ['-b2x']],
    ]);
  });

  it('writes only a header for an empty backlog', () => {
    expect(toCsvRows([], {})).toEqual([[...BACKLOG_COLUMNS]]);
  });
});
