import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importBacklogCsv } from '../planning/backlog-csv';
import { isBacklogItem } from '../planning/backlog';
import { rankedOrder } from '../planning/rank-ops';
import { isConnector, isFrame, isSticky, makeFrame, makeSticky } from '../schema';
import type { StickyItem } from '../schema';
import { addItem, readItems } from './board-doc';
import {
  applyImportPlan,
  applyTemplate,
  backlogValidationOptions,
  exportBacklogCsv,
  planBacklogImport,
} from './backlog-io';
import {
  castVote,
  readLanes,
  readTeams,
  setMember,
  setTeam,
  setVoteState,
  startVote,
} from './planning-doc';

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

function overlap(a: StickyItem, b: StickyItem) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('backlog import', () => {
  it('creates ranked cards with team, lane, source and dependencies', () => {
    const doc = board();
    addItem(doc, makeSticky({ id: 'old', x: 0, y: 0, z: 'a0', createdBy: 't', rank: 'a5' }));
    const parsed = importBacklogCsv(CSV, backlogValidationOptions(doc));
    expect(parsed.errors).toEqual([]);
    let n = 0;
    const plan = planBacklogImport(doc, parsed.rows, {
      source: { kind: 'csv', name: 'q3.csv' },
      createdBy: 'Ada',
      newId: () => `new-${++n}`,
    });
    applyImportPlan(doc, plan);
    const items = readItems(doc);
    const cards = items.filter(isSticky);
    expect(rankedOrder(cards).map((c) => c.text.split('\n')[0])).toEqual([
      '',
      'Login page',
      'Checkout',
      'Refunds',
    ]);
    const login = cards.find((c) => c.text.startsWith('Login'))!;
    expect(login).toMatchObject({
      teamId: 'pay',
      laneId: 'now',
      estimate: 3,
      text: 'Login page\nEmail and password',
      source: { kind: 'csv', name: 'q3.csv' },
    });
    const deps = items.filter(isConnector);
    expect(deps).toHaveLength(2);
    expect(deps.every((c) => c.kind === 'depends-on')).toBe(true);
    for (const a of cards) for (const b of cards) if (a !== b) expect(overlap(a, b)).toBe(false);
  });

  it("lands cards without a team in the chosen team's swimlane, free of overlaps", () => {
    const doc = board();
    addItem(
      doc,
      makeFrame({
        id: 'lane',
        x: 1000,
        y: 0,
        z: 'a0',
        createdBy: 't',
        w: 700,
        h: 500,
        teamId: 'acc',
      }),
    );
    addItem(doc, makeSticky({ id: 'there', x: 1020, y: 56, z: 'a1', createdBy: 't' }));
    const parsed = importBacklogCsv('title\nOne\nTwo\nThree\nFour', backlogValidationOptions(doc));
    const plan = planBacklogImport(doc, parsed.rows, {
      source: { kind: 'csv', name: 'acc.csv' },
      teamId: 'acc',
      createdBy: 'Bo',
    });
    applyImportPlan(doc, plan);
    const cards = readItems(doc).filter(isSticky);
    const added = cards.filter((c) => c.id !== 'there');
    expect(added.every((c) => c.teamId === 'acc' && c.x >= 1000 && c.x + c.w <= 1700)).toBe(true);
    for (const a of cards) for (const b of cards) if (a !== b) expect(overlap(a, b)).toBe(false);
  });
});

describe('backlog export', () => {
  it('exports the ranked backlog; votes only after the reveal', () => {
    const doc = board();
    const parsed = importBacklogCsv(CSV, backlogValidationOptions(doc));
    applyImportPlan(
      doc,
      planBacklogImport(doc, parsed.rows, { source: { kind: 'csv', name: 'x' }, createdBy: 'A' }),
    );
    const ids = rankedOrder(readItems(doc).filter(isSticky)).map((c) => c.id);
    setMember(doc, 'u1', { name: 'Ada', teamId: 'pay' });
    startVote(doc, { id: 'v', budget: 3, startedBy: 'f', itemIds: ids });
    castVote(doc, ids[1]!, 'u1', 2);
    const hidden = importBacklogCsv(exportBacklogCsv(doc));
    expect(hidden.rows.map((r) => r.title)).toEqual(['Login page', 'Checkout', 'Refunds']);
    expect(exportBacklogCsv(doc)).toContain('votes_total,votes_Accounts,votes_Payments');
    expect(exportBacklogCsv(doc).split('\r\n')[2]).toContain(',0,0,0,');
    setVoteState(doc, 'revealed');
    const line = exportBacklogCsv(doc).split('\r\n')[2]!;
    expect(line).toContain(',2,0,2,');
    // Checkout (Next) needs Login page (Now): fine. Refunds (Now) needs Checkout (Next): too late.
    expect(line).toMatch(/,green$/);
    expect(exportBacklogCsv(doc).split('\r\n')[3]).toMatch(/,red$/);
  });
});

describe('templates', () => {
  it('seeds teams, lanes and bound frames', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'program-board', [
      { id: 'pay', name: 'Payments', color: 'blue' },
      { id: 'acc', name: 'Accounts', color: 'green' },
    ]);
    expect(readTeams(doc).map((t) => t.id)).toEqual(['acc', 'pay']);
    expect(readLanes(doc).map((l) => l.id)).toEqual([
      'iteration-1',
      'iteration-2',
      'iteration-3',
      'iteration-4',
      'iteration-5',
    ]);
    const frames = readItems(doc).filter(isFrame);
    expect(frames.filter((f) => f.teamId === 'pay' && f.laneId === 'iteration-2')).toHaveLength(1);
    expect(readItems(doc).filter(isBacklogItem)).toEqual([]);
  });

  it('gives the impact / effort board the default lanes', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'impact-effort', []);
    expect(readLanes(doc).map((l) => l.id)).toEqual(['now', 'next', 'later']);
    expect(doc.getMap('lanes').size).toBe(3);
  });
});
