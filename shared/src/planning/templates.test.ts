import { describe, expect, it } from 'vitest';
import { canvasItemValidator } from '../schema/canvas-item';
import { DEFAULT_LANES, laneValidator, sortLanes } from '../schema/team';
import type { Team } from '../schema/team';
import {
  BOARD_TEMPLATES,
  MOSCOW_LANES,
  TEMPLATE_IDS,
  impactEffortTemplate,
  moscowTemplate,
  nowNextLaterTemplate,
  programBoardTemplate,
} from './templates';
import type { BoardTemplate } from './templates';

const teams: Team[] = [
  { id: 't-pay', name: 'Payments', color: 'blue' },
  { id: 't-app', name: 'App', color: 'green' },
  { id: 't-data', name: 'Data', color: 'teal' },
];

const frames = (t: BoardTemplate) => t.items.filter((i) => i.type === 'frame');
const cells = (t: BoardTemplate) => frames(t).filter((f) => f.laneId !== undefined);

describe('board templates', () => {
  const cases = BOARD_TEMPLATES.flatMap((template) =>
    [[], teams.slice(0, 1), teams].map(
      (list) => [template.name, list.length, template, list] as const,
    ),
  );

  it.each(cases)('%s with %s teams: every item and lane validates', (_name, _n, template, list) => {
    const built = template.build(list, { now: 1 });
    expect(built.items.length).toBeGreaterThan(0);
    for (const item of built.items) {
      const parsed = canvasItemValidator.safeParse(item);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    for (const lane of built.lanes) expect(laneValidator.parse(lane)).toEqual(lane);
  });

  it.each(cases)(
    '%s with %s teams: ids unique, frames stacked below the rest',
    (_name, _n, template, list) => {
      const { items } = template.build(list, { now: 1 });
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      const zs = items.map((i) => i.z);
      expect([...zs].sort()).toEqual(zs);
      const firstOther = items.findIndex((i) => i.type !== 'frame');
      expect(items.slice(firstOther).every((i) => i.type !== 'frame')).toBe(true);
    },
  );

  it.each(cases)(
    '%s with %s teams: lane and team bindings refer to real ones',
    (_name, _n, template, list) => {
      const built = template.build(list, { now: 1 });
      const laneIds = new Set(built.lanes.map((l) => l.id));
      const teamIds = new Set(list.map((t) => t.id));
      for (const frame of frames(built)) {
        if (frame.laneId) expect(laneIds.has(frame.laneId)).toBe(true);
        if (frame.teamId) expect(teamIds.has(frame.teamId)).toBe(true);
      }
      expect(sortLanes(built.lanes)).toEqual(built.lanes);
    },
  );

  it('lists every template once', () => {
    expect(BOARD_TEMPLATES.map((t) => t.id)).toEqual([...TEMPLATE_IDS]);
  });
});

describe('program board', () => {
  it('has team swimlanes × iterations, a milestones row and a legend', () => {
    const board = programBoardTemplate(teams, { now: 1 });
    expect(board.lanes.map((l) => l.name)).toEqual([1, 2, 3, 4, 5].map((n) => `Iteration ${n}`));
    const swimlanes = frames(board).filter((f) => f.teamId && !f.laneId);
    expect(swimlanes.map((f) => f.title)).toEqual(['Payments', 'App', 'Data']);
    expect(swimlanes.map((f) => f.color)).toEqual(['blue', 'green', 'teal']);
    expect(cells(board)).toHaveLength(15);
    expect(cells(board).every((c) => c.teamId)).toBe(true);
    expect(frames(board).map((f) => f.title)).toEqual(
      expect.arrayContaining(['Milestones & events', 'Dependencies']),
    );
    expect(frames(board).map((f) => f.title)).toEqual(
      expect.arrayContaining([
        'PI objectives',
        'Risks (ROAM)',
        'Resolved',
        'Owned',
        'Accepted',
        'Mitigated',
        'Confidence vote',
      ]),
    );
    const legend = board.items.filter((i) => i.type === 'shape').map((s) => s.color);
    expect(legend).toEqual(['red', 'orange', 'green']);
  });

  it.each([
    [3, 3],
    [0, 1],
    [99, 12],
  ])('asked for %s iterations, makes %s', (asked, made) => {
    expect(programBoardTemplate([], { iterations: asked }).lanes).toHaveLength(made);
  });

  it('places cells inside their swimlane', () => {
    const board = programBoardTemplate(teams, { now: 1 });
    for (const cell of cells(board)) {
      const lane = frames(board).find((f) => f.teamId === cell.teamId && !f.laneId)!;
      expect(cell.x).toBeGreaterThanOrEqual(lane.x);
      expect(cell.y).toBeGreaterThanOrEqual(lane.y);
      expect(cell.x + cell.w).toBeLessThanOrEqual(lane.x + lane.w);
      expect(cell.y + cell.h).toBeLessThanOrEqual(lane.y + lane.h);
    }
  });
});

describe('lane templates', () => {
  it('Now / Next / Later uses the default lanes', () => {
    const board = nowNextLaterTemplate(teams, { now: 1 });
    expect(board.lanes).toEqual(DEFAULT_LANES);
    expect(cells(board)).toHaveLength(9);
  });

  it('MoSCoW uses its four lanes in priority order', () => {
    const board = moscowTemplate([], { now: 1 });
    expect(board.lanes).toEqual(MOSCOW_LANES);
    expect(board.lanes.map((l) => l.id)).toEqual(['must', 'should', 'could', 'wont']);
    expect(cells(board).map((c) => [c.title, c.teamId])).toEqual([
      ['Must have', undefined],
      ['Should have', undefined],
      ['Could have', undefined],
      ["Won't have (this time)", undefined],
    ]);
  });

  it('the impact / effort matrix has four quadrants and no lanes', () => {
    const board = impactEffortTemplate(teams, { now: 1 });
    expect(board.lanes).toEqual([]);
    expect(frames(board).map((f) => f.title)).toEqual([
      'Quick wins',
      'Big bets',
      'Fill-ins',
      'Money pits',
    ]);
  });
});

describe('template options', () => {
  it('offsets positions, stacks above a z-index and uses the given ids and author', () => {
    let n = 0;
    const plain = nowNextLaterTemplate(teams, { now: 1 });
    const placed = nowNextLaterTemplate(teams, {
      now: 1,
      origin: { x: 1000, y: -500 },
      zAbove: 'a5',
      newId: () => `id${++n}`,
      createdBy: 'ada',
    });
    placed.items.forEach((item, i) => {
      expect(item.x).toBe(plain.items[i]!.x + 1000);
      expect(item.y).toBe(plain.items[i]!.y - 500);
      expect(item.z > 'a5').toBe(true);
      expect(item.createdBy).toBe('ada');
    });
    expect(new Set(placed.items.map((i) => i.id))).toEqual(
      new Set(placed.items.map((_, i) => `id${i + 1}`)),
    );
  });

  it('is deterministic for the same input', () => {
    expect(moscowTemplate(teams, { now: 5 })).toEqual(moscowTemplate(teams, { now: 5 }));
  });
});
