import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseCsv, readBacklogCsv } from '../planning/backlog-file';
import { rankedOrder } from '../planning/rank-ops';
import { isConnector, isSticky, makeSticky } from '../schema';
import { addItem, readItems } from './board-doc';
import { exportBacklogCsv } from './backlog-export';
import { applyImportPlan, checkBacklogCsv, planBacklogImport } from './backlog-import';
import { applyTemplate } from './board-template';
import { castVote, setMember, setTeam, setVoteState, startVote } from './planning-doc';

const CSV = [
  'id,title,description,team,lane,estimate,depends_on',
  'A-1,Login page,Email and password,Payments,Now,3,',
  'A-2,Checkout,,Payments,Next,5,A-1',
  'A-3,Refunds,,Accounts,Now,8,A-2',
].join('\n');

function board() {
  const doc = new Y.Doc();
  setTeam(doc, { id: 'pay', name: 'Payments', color: 'blue' });
  setTeam(doc, { id: 'acc', name: 'Accounts', color: 'green' });
  return doc;
}

describe('backlog export', () => {
  it('exports the ranked backlog; votes only after the reveal', () => {
    const doc = board();
    const parsed = checkBacklogCsv(doc, CSV);
    applyImportPlan(
      doc,
      planBacklogImport(doc, parsed.rows, { source: { kind: 'csv', name: 'x' }, createdBy: 'A' }),
    );
    const ids = rankedOrder(readItems(doc).filter(isSticky)).map((c) => c.id);
    setMember(doc, 'u1', { name: 'Ada', teamId: 'pay' });
    startVote(doc, { id: 'v', budget: 3, startedBy: 'f', itemIds: ids });
    castVote(doc, ids[1]!, 'u1', 2);
    const hidden = readBacklogCsv(exportBacklogCsv(doc));
    expect(hidden.rows.map((r) => r.title)).toEqual(['Login page', 'Checkout', 'Refunds']);
    expect(exportBacklogCsv(doc)).toContain(
      'votes_total,votes_Accounts,votes_Payments,votes_weighted,wsjf_score,rice_score,depends_on,health,source',
    );
    expect(exportBacklogCsv(doc).split('\r\n')[2]).toContain(',0,0,0,0,');
    setVoteState(doc, 'revealed');
    const line = exportBacklogCsv(doc).split('\r\n')[2]!;
    expect(line).toContain(',2,0,2,2,,,A-1,green,x (csv)');
    // Checkout (Next) needs Login page (Now): fine. Refunds (Now) needs Checkout (Next): too late.
    expect(exportBacklogCsv(doc).split('\r\n')[3]).toMatch(/,A-2,red,x \(csv\)$/);
  });
});

describe('export round trip', () => {
  const teams = [
    { id: 'pay', name: 'Payments', color: 'blue' as const },
    { id: 'acc', name: 'Accounts', color: 'green' as const },
  ];
  const columns = [
    'key',
    'title',
    'description',
    'team',
    'lane',
    'estimate',
    'labels',
    'depends_on',
  ];
  const view = (text: string) => {
    const [header = [], ...rows] = parseCsv(text).records;
    return rows.map((row) => columns.map((c) => row[header.indexOf(c)]));
  };
  const source = [
    'Issue key,Summary,Description,Custom field (Team),Sprint,Story Points,Labels,Labels,Inward issue link (Blocks)',
    'PAY-1,Login page,"Email, password",Payments,Iteration 1,3,web,,',
    'PAY-2,Checkout,,Payments,Iteration 2,5,,,PAY-1',
    'ACC-1,Refunds,,Accounts,Iteration 1,8,api,ops,PAY-2',
  ].join('\n');

  it('gives back the same items in any board of the program, and updates them in their own', () => {
    const a = new Y.Doc();
    applyTemplate(a, 'program-board', teams);
    const first = checkBacklogCsv(a, source);
    applyImportPlan(
      a,
      planBacklogImport(a, first.rows, {
        source: { kind: 'csv', name: 'jira.csv' },
        createdBy: 'A',
      }),
    );
    // A card typed on the board has no key: the export names it by its title.
    const typed = makeSticky({
      id: 'typed',
      x: 0,
      y: 0,
      z: 'a9',
      createdBy: 'A',
      text: 'Typed card',
      // Between the first two imported cards (a0, a1): a tie with a0 would order by random ids.
      rank: 'a0V',
      teamId: 'acc',
      laneId: 'iteration-3',
    });
    addItem(a, typed);
    const exported = exportBacklogCsv(a);

    const b = new Y.Doc();
    applyTemplate(b, 'now-next-later', [
      teams[1]!,
      { id: 'other-pay', name: 'Payments', color: 'red' },
    ]);
    const checked = checkBacklogCsv(b, exported);
    expect(checked.errors).toEqual([]);
    expect(checked.warnings).toEqual([]);
    expect(checked.unknown.lanes.map((l) => l.name)).toEqual([
      'Iteration 1',
      'Iteration 3',
      'Iteration 2',
    ]);
    applyImportPlan(
      b,
      planBacklogImport(b, checked.rows, {
        source: { kind: 'csv', name: 'a.csv' },
        createdBy: 'B',
      }),
    );
    expect(view(exportBacklogCsv(b))).toEqual(view(exported));
    expect(readItems(b).filter(isConnector)).toHaveLength(2);

    // The same file into the board it came from changes nothing and adds nothing.
    const again = checkBacklogCsv(a, exported);
    const plan = planBacklogImport(a, again.rows, {
      source: { kind: 'csv', name: 'a.csv' },
      createdBy: 'A',
    });
    expect(plan.cards).toEqual([]);
    expect(plan.connectors).toEqual([]);
    expect(plan.updates.map(([id]) => id).sort()).toEqual(
      readItems(a)
        .filter(isSticky)
        .map((c) => c.id)
        .sort(),
    );
    applyImportPlan(a, plan);
    expect(view(exportBacklogCsv(a))).toEqual(view(exported));
  });
});
