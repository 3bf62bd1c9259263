import { describe, expect, it } from 'vitest';
import { DEFAULT_LANES } from '../../schema/team';
import type { Team } from '../../schema/team';
import { mapBacklogHeaders } from './columns';
import { readBacklogCsv } from './read';
import { referencesIn, rowText, validateBacklogRows } from './rows';

const teams: Team[] = [
  { id: 't-pay', name: 'Payments', color: 'blue' },
  { id: 't-app', name: 'App', color: 'green' },
];

const header = 'Key,Summary,Description,Team,Lane,Story points,Depends on';
function importRows(lines: string[], options = {}) {
  return readBacklogCsv([header, ...lines].join('\n'), options);
}

describe('row validation', () => {
  it('reads a good file, counting the lanes and teams the board does not know', () => {
    const { rows, errors, unknown } = importRows(
      [
        'A-1,Login,Users sign in,Payments,Now,3,A-2',
        'A-2,Accounts,,New team,later,5,',
        'A-3,Search,,New team,Sprint 9,,',
      ],
      { lanes: DEFAULT_LANES, teams },
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toEqual({
      row: 2,
      key: 'A-1',
      sourceKey: 'A-1',
      title: 'Login',
      description: 'Users sign in',
      team: 'Payments',
      teamId: 't-pay',
      lane: 'Now',
      laneId: 'now',
      estimate: 3,
      dependsOn: ['A-2'],
    });
    expect(rows[1]).toMatchObject({ team: 'New team', laneId: 'later' });
    expect(rows[1]!.teamId).toBeUndefined();
    expect(rows[2]).toMatchObject({ lane: 'Sprint 9' });
    expect(rows[2]!.laneId).toBeUndefined();
    expect(unknown).toEqual({
      lanes: [{ name: 'Sprint 9', rows: 1 }],
      teams: [{ name: 'New team', rows: 2 }],
    });
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
    ['an over-long key', `${'x'.repeat(65)},T,,,,,`, { row: 2, column: 'Key', message: /64/ }],
    [
      'an over-long text',
      `A-1,T,${'x'.repeat(10_000)},,,,`,
      { row: 2, column: 'Description', message: /10000/ },
    ],
  ])('fails a row for %s', (_label, line, expected) => {
    const { rows, errors } = importRows([line], { lanes: DEFAULT_LANES });
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: expected.row, column: expected.column });
    expect(errors[0]!.message).toMatch(expected.message);
  });

  it.each<[string, string, RegExp]>([
    ['an unknown link', 'A-1,T,,,,,B-9', /"B-9" left out/],
    ['a link to itself', 'A-1,T,,,,,A-1', /itself/],
  ])('keeps a row with %s and warns', (_label, line, message) => {
    const { rows, errors, warnings } = importRows([line], { lanes: DEFAULT_LANES });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.key, r.dependsOn])).toEqual([['A-1', []]]);
    expect(warnings).toEqual([
      { row: 2, column: 'Depends on', message: expect.stringMatching(message) },
    ]);
  });

  it('reports a duplicate key on the later row and keeps the first', () => {
    const { rows, errors } = importRows(['A-1,First,,,,,', 'A-1,Second,,,,,']);
    expect(rows.map((r) => r.title)).toEqual(['First']);
    expect(errors).toEqual([{ row: 3, column: 'Key', message: 'duplicate key "A-1"' }]);
  });

  it('numbers rows as a spreadsheet does, blank lines included', () => {
    const { rows, errors } = importRows(['A-1,One,,,,,', '', ',,,,,,', 'A-2,,,,,,']);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors.map((e) => e.row)).toEqual([5]);
  });

  it('resolves references by key, title, rank and to items on the board', () => {
    const csv = [
      'Rank,Title,Depends on',
      '1,Base,',
      '2,Top,1; board-item',
      '3,"Other, later",Base',
      '4,Last,"Other, later; Top"',
    ].join('\n');
    const { rows, errors, warnings } = readBacklogCsv(csv, {
      existingKeys: new Set(['board-item']),
    });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(rows.map((r) => [r.key, r.dependsOn])).toEqual([
      ['row-2', []],
      ['row-3', ['row-2', 'board-item']],
      ['row-4', ['row-2']],
      ['row-5', ['row-4', 'row-3']],
    ]);
  });

  it('turns Jira links both ways into depends-on, once', () => {
    const csv = [
      'Issue key,Summary,Inward issue link (Blocks),Outward issue link (Blocks),Outward issue link (Blocks)',
      'P-1,One,,P-2,P-3',
      'P-2,Two,P-1,,',
      'P-3,Three,,,',
    ].join('\n');
    const { rows, warnings } = readBacklogCsv(csv);
    expect(warnings).toEqual([]);
    expect(rows.map((r) => [r.key, r.dependsOn])).toEqual([
      ['P-1', []],
      ['P-2', ['P-1']],
      ['P-3', ['P-1']],
    ]);
  });

  it('reads an Azure DevOps path as the deepest step the board knows, else the last', () => {
    const csv = [
      'ID,Title,Area Path,Iteration Path',
      '1,A,Fabrikam\\Payments\\Limits,Fabrikam\\Release 1\\Now',
      '2,B,Fabrikam\\Growth,Fabrikam',
    ].join('\n');
    const { rows, unknown } = readBacklogCsv(csv, { lanes: DEFAULT_LANES, teams });
    expect(rows.map((r) => [r.teamId ?? r.team, r.laneId ?? r.lane])).toEqual([
      ['t-pay', 'now'],
      ['Growth', undefined],
    ]);
    expect(unknown).toEqual({ lanes: [], teams: [{ name: 'Growth', rows: 1 }] });
  });

  it('takes the last sprint, every label, and the source details', () => {
    const csv = [
      'Summary,Sprint,Sprint,Labels,Labels,Issue Type,Status,Priority,Parent',
      'A,S 1,S 2,api,"ops, web",Bug,To Do,High,EP-1',
    ].join('\n');
    expect(readBacklogCsv(csv).rows[0]).toMatchObject({
      lane: 'S 2',
      labels: ['api', 'ops', 'web'],
      details: { type: 'Bug', status: 'To Do', priority: 'High', parent: 'EP-1' },
    });
  });

  it.each<[string, string, Record<string, unknown>, string?]>([
    [
      'complete WSJF',
      '8,5,3,4,,,,',
      { wsjf: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 } },
    ],
    [
      'RICE with a percentage',
      ',,,,1000,2,80%,3',
      { rice: { reach: 1000, impact: 2, confidence: 0.8, effort: 3 } },
    ],
    [
      'RICE with a fraction',
      ',,,,10,1,0.5,1',
      { rice: { reach: 10, impact: 1, confidence: 0.5, effort: 1 } },
    ],
    ['partial WSJF', '8,5,,4,,,,', { title: 'T' }, 'WSJF needs all of'],
    ['partial RICE', ',,,,10,,0.5,1', { title: 'T' }, 'RICE needs all of'],
  ])('reads %s', (_label, cells, expected, warning) => {
    const csv = [
      'Title,BV,TC,RR|OE,Job size,Reach,Impact,Confidence,RICE Effort',
      `T,${cells}`,
    ].join('\n');
    const { rows, errors, warnings } = readBacklogCsv(csv);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject(expected);
    if (warning) expect(warnings.map((w) => w.message).join()).toContain(warning);
    else expect(warnings).toEqual([]);
  });

  it.each([
    ['a confidence over 100', '150', /0–1 or a percentage/],
    ['a bad number', 'x', /no confidence/],
  ])('fails %s', (_label, confidence, message) => {
    const csv = ['Title,Reach,Impact,Confidence,RICE Effort', `T,1,1,${confidence},1`].join('\n');
    const { rows, errors } = readBacklogCsv(csv);
    expect(rows).toEqual([]);
    expect(errors[0]!.message).toMatch(message);
  });

  it('refuses a file without a title column', () => {
    const { rows, errors } = readBacklogCsv('Points,Team\n3,App');
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

  it('splits a reference cell only when the whole cell names nothing', () => {
    const known = (r: string) => ['A b', 'C, d', 'E'].includes(r);
    expect(referencesIn('A b', known)).toEqual(['A b']);
    expect(referencesIn('C, d; E', known)).toEqual(['C, d', 'E']);
    expect(referencesIn('X-1 X-2', known)).toEqual(['X-1', 'X-2']);
  });
});
