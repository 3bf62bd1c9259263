import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isBacklogItem } from '../planning/backlog';
import { rankedOrder } from '../planning/rank-ops';
import { isConnector, isFrame, makeConnector, makeFrame, makeSticky, makeText } from '../schema';
import type { BoardItem } from '../schema';
import { addItem, readItems } from './board-doc';
import { exportBoardFile } from './board-file';
import type { BoardFile } from './board-file';
import { applyBoardMerge, placeBlock, planBoardMerge, swimlaneOf } from './board-merge';
import { addLane, ensureLanes, setTeam } from './planning-doc';

function overlaps(a: BoardItem, b: BoardItem) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The unified board: two teams, each with a swimlane holding three lane cells, and a card. */
function unifiedBoard() {
  const doc = new Y.Doc();
  setTeam(doc, { id: 'pay', name: 'Payments', color: 'blue' });
  setTeam(doc, { id: 'acc', name: 'Accounts', color: 'green' });
  ensureLanes(doc);
  const row = (id: string, teamId: string, y: number) => {
    addItem(
      doc,
      makeFrame({ id, x: 0, y, w: 1620, h: 500, z: 'a0', createdBy: 't', teamId, title: teamId }),
    );
    ['now', 'next', 'later'].forEach((laneId, i) =>
      addItem(
        doc,
        makeFrame({
          id: `${id}-${laneId}`,
          x: 250 + i * 460,
          y: y + 10,
          w: 440,
          h: 480,
          z: 'a1',
          createdBy: 't',
          teamId,
          laneId,
          title: laneId,
        }),
      ),
    );
  };
  row('pay-row', 'pay', 0);
  row('acc-row', 'acc', 500);
  addItem(doc, makeSticky({ id: 'old', x: 300, y: 80, z: 'a2', createdBy: 't', rank: 'a5' }));
  // Something already sits right of the Payments swimlane: the merge must hop over it.
  addItem(doc, makeSticky({ id: 'beside', x: 1700, y: 40, z: 'a3', createdBy: 't' }));
  return doc;
}

/** A team's own board: its own team and lanes, two ranked cards with a dependency, a heading. */
function teamBoardFile(): BoardFile {
  const doc = new Y.Doc();
  setTeam(doc, { id: 'other-team', name: 'Payments (old board)', color: 'red' });
  ensureLanes(doc);
  addLane(doc, { id: 'q4', name: 'Q4 stretch' });
  addItem(doc, makeText({ id: 'h', x: 5000, y: 5000, z: 'a0', createdBy: 'p', text: 'Our ideas' }));
  addItem(
    doc,
    makeSticky({
      id: 'c1',
      x: 5000,
      y: 5100,
      z: 'a1',
      createdBy: 'p',
      text: 'Refunds',
      rank: 'a2',
      laneId: 'next',
      teamId: 'other-team',
    }),
  );
  addItem(
    doc,
    makeSticky({
      id: 'c2',
      x: 5250,
      y: 5100,
      z: 'a2',
      createdBy: 'p',
      text: 'Chargebacks',
      rank: 'a1',
      laneId: 'q4',
    }),
  );
  addItem(
    doc,
    makeConnector({
      id: 'dep',
      z: 'a3',
      createdBy: 'p',
      kind: 'depends-on',
      from: { itemId: 'c1', x: 5100, y: 5200 },
      to: { itemId: 'c2', x: 5350, y: 5200 },
    }),
  );
  return exportBoardFile(doc, '2026-01-01T00:00:00.000Z');
}

describe('merging another board into a team swimlane', () => {
  it('moves the board as one block beside the swimlane, wrapped in a frame of the team', () => {
    const doc = unifiedBoard();
    const before = readItems(doc);
    let n = 0;
    const plan = planBoardMerge(doc, teamBoardFile(), {
      teamId: 'pay',
      sourceName: 'Payments Q3',
      createdBy: 'Ada',
      newId: () => `m${++n}`,
      now: 1,
    });
    applyBoardMerge(doc, plan);
    const after = readItems(doc);
    expect(after).toHaveLength(before.length + 5);

    const frame = after.find((i) => i.id === plan.frame.id)!;
    expect(frame).toMatchObject({
      type: 'frame',
      teamId: 'pay',
      title: 'Payments · from Payments Q3',
    });
    // Next to the Payments swimlane, on its row, past what already sits there.
    expect(frame.y).toBe(0);
    expect(frame.x).toBeGreaterThan(1700 + 200);
    for (const item of before) {
      if (item.type === 'frame') continue;
      expect(overlaps(item, frame)).toBe(false);
    }
    for (const item of plan.items) {
      const placed = after.find((i) => i.id === item.id)!;
      expect(placed.x).toBeGreaterThanOrEqual(frame.x);
      expect(placed.y).toBeGreaterThanOrEqual(frame.y);
      expect(placed.x + placed.w).toBeLessThanOrEqual(frame.x + frame.w);
      expect(placed.y + placed.h).toBeLessThanOrEqual(frame.y + frame.h);
    }
  });

  it('gives every card the team, a lane of this board, a rank after the backlog and its source', () => {
    const doc = unifiedBoard();
    let n = 0;
    const plan = planBoardMerge(doc, teamBoardFile(), {
      teamId: 'pay',
      sourceName: 'Payments Q3',
      createdBy: 'Ada',
      newId: () => `m${++n}`,
    });
    applyBoardMerge(doc, plan);
    const cards = rankedOrder(readItems(doc).filter(isBacklogItem));
    expect(cards.map((c) => [c.text, c.teamId, c.laneId, c.source])).toEqual([
      ['', undefined, undefined, undefined],
      ['Chargebacks', 'pay', undefined, { kind: 'board', name: 'Payments Q3', teamId: 'pay' }],
      ['Refunds', 'pay', 'next', { kind: 'board', name: 'Payments Q3', teamId: 'pay' }],
      ['', undefined, undefined, undefined],
    ]);
    expect(plan.droppedLanes).toEqual(['Q4 stretch']);
    // The heading stays a heading: it does not join the backlog.
    expect(readItems(doc).find((i) => i.type === 'text')).not.toHaveProperty('source');
  });

  it('re-wires connectors to the copies and gives everything fresh ids, so a board can come in twice', () => {
    const doc = unifiedBoard();
    const file = teamBoardFile();
    for (let round = 0; round < 2; round++)
      applyBoardMerge(
        doc,
        planBoardMerge(doc, file, { teamId: 'acc', sourceName: 'x', createdBy: 'Ada' }),
      );
    const items = readItems(doc);
    const connectors = items.filter(isConnector);
    expect(connectors).toHaveLength(2);
    const ids = new Set(items.map((i) => i.id));
    for (const c of connectors) {
      expect(ids.has(c.from.itemId!)).toBe(true);
      expect(ids.has(c.to.itemId!)).toBe(true);
      expect(['c1', 'c2']).not.toContain(c.from.itemId);
    }
    const frames = items.filter(isFrame).filter((f) => f.title.includes('from x'));
    expect(frames).toHaveLength(2);
    expect(overlaps(frames[0]!, frames[1]!)).toBe(false);
    expect(frames.every((f) => f.y === 500)).toBe(true);
  });

  it('refuses a team the board does not have', () => {
    expect(() =>
      planBoardMerge(unifiedBoard(), teamBoardFile(), {
        teamId: 'nope',
        sourceName: 'x',
        createdBy: 'Ada',
      }),
    ).toThrow(RangeError);
  });
});

describe('placing a block', () => {
  const lane = makeFrame({ id: 'lane', x: 0, y: 0, w: 1000, h: 600, z: 'a0', createdBy: 't' });
  const table: [string, BoardItem[], { x: number; y: number }][] = [
    ['an empty swimlane takes the block below its title', [lane], { x: 20, y: 56 }],
    [
      'a card in the way pushes it along the row',
      [lane, makeSticky({ id: 's', x: 20, y: 56, z: 'a1', createdBy: 't' })],
      { x: 220, y: 56 },
    ],
    [
      'a full swimlane sends it beside',
      [lane, makeSticky({ id: 's', x: 0, y: 0, z: 'a1', createdBy: 't', w: 1000, h: 600 })],
      { x: 1040, y: 0 },
    ],
  ];
  it.each(table)('%s', (_name, items, expected) => {
    expect(placeBlock(items, swimlaneOf(items, 'pay') ?? lane, { w: 300, h: 300 })).toEqual(
      expected,
    );
  });

  it('without a swimlane, goes right of the whole board', () => {
    const items = [makeSticky({ id: 's', x: 100, y: -50, z: 'a1', createdBy: 't' })];
    expect(placeBlock(items, null, { w: 300, h: 300 })).toEqual({ x: 380, y: -50 });
  });
});
