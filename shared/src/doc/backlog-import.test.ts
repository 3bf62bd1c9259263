import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isBacklogItem } from '../planning/backlog';
import { rankedOrder } from '../planning/rank-ops';
import { isConnector, isFrame, isSticky, makeFrame, makeSticky } from '../schema';
import type { StickyItem } from '../schema';
import { addItem, readItems } from './board-doc';
import { applyImportPlan, checkBacklogCsv, planBacklogImport } from './backlog-import';
import type { ImportPlanOptions, UnknownChoices } from './backlog-import';
import { applyTemplate } from './board-template';
import { readLanes, readTeams, setTeam } from './planning-doc';

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

function importInto(doc: Y.Doc, text: string, options: Partial<ImportPlanOptions> = {}) {
  const checked = checkBacklogCsv(doc, text);
  const plan = planBacklogImport(doc, checked.rows, {
    source: { kind: 'csv', name: 'file.csv' },
    createdBy: 'Ada',
    ...options,
  });
  applyImportPlan(doc, plan);
  return { checked, plan };
}

function overlap(a: StickyItem, b: StickyItem) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

const inside = (card: StickyItem, frame: { x: number; y: number; w: number; h: number }) =>
  card.x >= frame.x &&
  card.y >= frame.y &&
  card.x + card.w <= frame.x + frame.w &&
  card.y + card.h <= frame.y + frame.h;

describe('backlog import', () => {
  it('creates ranked cards with team, lane, key, source and dependencies', () => {
    const doc = board();
    addItem(doc, makeSticky({ id: 'old', x: 0, y: 0, z: 'a0', createdBy: 't', rank: 'a5' }));
    let n = 0;
    const { checked } = importInto(doc, CSV, { newId: () => `new-${++n}` });
    expect(checked.errors).toEqual([]);
    const items = readItems(doc);
    const cards = items.filter(isSticky);
    expect(rankedOrder(cards).map((c) => c.text.split('\n')[0])).toEqual([
      '',
      'Login page',
      'Checkout',
      'Refunds',
    ]);
    expect(cards.find((c) => c.text.startsWith('Login'))).toMatchObject({
      teamId: 'pay',
      laneId: 'now',
      estimate: 3,
      sourceKey: 'A-1',
      text: 'Login page\nEmail and password',
      source: { kind: 'csv', name: 'file.csv' },
    });
    const deps = items.filter(isConnector);
    expect(deps).toHaveLength(2);
    expect(deps.every((c) => c.kind === 'depends-on')).toBe(true);
    for (const a of cards) for (const b of cards) if (a !== b) expect(overlap(a, b)).toBe(false);
  });

  it('updates the cards of a re-imported file instead of adding copies', () => {
    const doc = board();
    importInto(doc, CSV);
    const before = readItems(doc);
    const changed = CSV.replace('Checkout,,Payments,Next,5', 'Checkout v2,,Accounts,Later,13');
    const { plan } = importInto(doc, changed);
    expect(plan.cards).toEqual([]);
    expect(plan.updates).toHaveLength(3);
    expect(plan.connectors).toEqual([]);
    const after = readItems(doc);
    expect(after.length).toBe(before.length);
    const checkout = after.filter(isSticky).find((c) => c.sourceKey === 'A-2')!;
    expect(checkout).toMatchObject({
      text: 'Checkout v2',
      teamId: 'acc',
      laneId: 'later',
      estimate: 13,
    });
    expect(checkout.id).toBe(before.find((i) => isSticky(i) && i.sourceKey === 'A-2')!.id);
  });

  it("keeps each team's own order from the file as teamRank, also on a re-import", () => {
    const doc = board();
    const rows = [
      'id,title,team,lane',
      'P-1,Pay first,Payments,Now',
      'A-1,Acc first,Accounts,Now',
      'P-2,Pay second,Payments,Now',
      'P-3,Pay third,Payments,Next',
      'A-2,Acc second,Accounts,Next',
    ];
    importInto(doc, rows.join('\n'));
    const teamOrder = (teamId: string) =>
      readItems(doc)
        .filter(isSticky)
        .filter((c) => c.teamId === teamId)
        .sort((a, b) => (a.teamRank! < b.teamRank! ? -1 : 1))
        .map((c) => c.sourceKey);
    expect(teamOrder('pay')).toEqual(['P-1', 'P-2', 'P-3']);
    expect(teamOrder('acc')).toEqual(['A-1', 'A-2']);
    // The team reorders its file and brings it again: its own order follows, no copies.
    importInto(doc, [rows[0], rows[4], rows[2], rows[3], rows[1], rows[5]].join('\n'));
    expect(teamOrder('pay')).toEqual(['P-3', 'P-2', 'P-1']);
    expect(readItems(doc).filter(isSticky)).toHaveLength(5);
  });

  it.each<[string, UnknownChoices | undefined, (doc: Y.Doc) => Record<string, unknown>]>([
    [
      'creates',
      undefined,
      (doc) => ({ laneId: readLanes(doc).find((l) => l.name === 'Sprint 9')!.id }),
    ],
    ['maps', { lanes: { 'Sprint 9': { action: 'map', id: 'next' } } }, () => ({ laneId: 'next' })],
    ['leaves empty', { lanes: { 'Sprint 9': { action: 'empty' } } }, () => ({ laneId: undefined })],
  ])('%s an unknown lane as chosen, for every row naming it', (_label, choices, expected) => {
    const doc = board();
    const text = ['Key,Title,Sprint', 'S-1,One,Sprint 9', 'S-2,Two,sprint 9', 'S-3,Three,Now'].join(
      '\n',
    );
    const { checked } = importInto(doc, text, choices ? { choices } : {});
    expect(checked.unknown.lanes).toEqual([{ name: 'Sprint 9', rows: 2 }]);
    const cards = readItems(doc).filter(isSticky);
    expect(cards).toHaveLength(3);
    for (const key of ['S-1', 'S-2']) {
      const card = cards.find((c) => c.sourceKey === key)!;
      const want = expected(doc);
      if (want.laneId === undefined) expect(card.laneId).toBeUndefined();
      else expect(card.laneId).toBe(want.laneId);
    }
    expect(readLanes(doc).filter((l) => /sprint 9/i.test(l.name))).toHaveLength(choices ? 0 : 1);
  });

  it('creates, maps or empties an unknown team, never dropping it without a choice', () => {
    const doc = board();
    const text = ['Title,Team', 'One,Risk', 'Two,Mobile', 'Three,Ops'].join('\n');
    importInto(doc, text, {
      choices: { teams: { Mobile: { action: 'map', id: 'pay' }, Ops: { action: 'empty' } } },
      teamId: 'acc',
    });
    const risk = readTeams(doc).find((t) => t.name === 'Risk')!;
    expect(risk).toBeDefined();
    const byTitle = Object.fromEntries(
      readItems(doc)
        .filter(isSticky)
        .map((c) => [c.text, c.teamId]),
    );
    expect(byTitle).toEqual({ One: risk.id, Two: 'pay', Three: 'acc' });
  });

  it("lands cards without a lane in their team's first iteration cell, never the label column", () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'program-board', [
      { id: 'pay', name: 'Payments', color: 'blue' },
      { id: 'acc', name: 'Accounts', color: 'green' },
    ]);
    importInto(doc, ['Title,Team', 'One,Payments', 'Two,Payments', 'Three,Accounts'].join('\n'));
    importInto(doc, ['Title', 'Four'].join('\n'), { teamId: 'acc' });
    const frames = readItems(doc).filter(isFrame);
    const cell = (team: string) =>
      frames.find((f) => f.teamId === team && f.laneId === 'iteration-1')!;
    for (const card of readItems(doc).filter(isSticky)) {
      expect(inside(card, cell(card.teamId!))).toBe(true);
      expect(card.laneId).toBe('iteration-1');
    }
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
    importInto(doc, 'title\nOne\nTwo\nThree\nFour', { teamId: 'acc' });
    const cards = readItems(doc).filter(isSticky);
    const added = cards.filter((c) => c.id !== 'there');
    expect(added.every((c) => c.teamId === 'acc' && c.x >= 1000 && c.x + c.w <= 1700)).toBe(true);
    for (const a of cards) for (const b of cards) if (a !== b) expect(overlap(a, b)).toBe(false);
    expect(readItems(doc).filter(isBacklogItem)).toHaveLength(5);
  });
});
