import { describe, expect, it } from 'vitest';
import type { Lane } from '../schema/team';
import {
  checkMilestone,
  laneColumns,
  milestoneValidator,
  milestonesByLane,
  sortMilestones,
} from './milestones';
import type { Milestone, MilestoneDraft } from './milestones';

const lanes: Lane[] = [
  { id: 'i1', name: 'Iteration 1', order: 'a0' },
  { id: 'i2', name: 'Iteration 2', order: 'a1' },
];

describe('checkMilestone', () => {
  it.each<[string, MilestoneDraft, string | null]>([
    ['in an iteration', { name: ' Release ', laneId: 'i2', date: null }, null],
    ['on a date', { name: 'Demo', laneId: null, date: '2027-02-28' }, null],
    ['both', { name: 'Demo', laneId: 'i1', date: '2027-01-15' }, null],
    ['no name', { name: '  ', laneId: 'i1', date: null }, 'needs a name'],
    ['a long name', { name: 'm'.repeat(101), laneId: 'i1', date: null }, 'at most 100'],
    [
      'neither iteration nor date',
      { name: 'Demo', laneId: null, date: ' ' },
      'iteration or a date',
    ],
    ['an unknown iteration', { name: 'Demo', laneId: 'i9', date: null }, 'not on this board'],
    ['a malformed date', { name: 'Demo', laneId: null, date: '15.01.2027' }, 'YYYY-MM-DD'],
    [
      'a date that does not exist',
      { name: 'Demo', laneId: null, date: '2027-02-30' },
      'YYYY-MM-DD',
    ],
  ])('%s', (_label, draft, error) => {
    const check = checkMilestone(draft, lanes);
    if (error === null)
      expect(check).toEqual({
        ok: true,
        draft: { name: draft.name.trim(), laneId: draft.laneId, date: draft.date },
      });
    else expect(!check.ok && check.reason).toContain(error);
  });
});

describe('milestoneValidator', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a lane milestone', { id: 'm', name: 'R1', laneId: 'i1' }, true],
    ['a dated one with a colour', { id: 'm', name: 'R1', date: '2027-03-01', color: 'red' }, true],
    ['a leap day', { id: 'm', name: 'R1', date: '2028-02-29' }, true],
    ['no leap day', { id: 'm', name: 'R1', date: '2027-02-29' }, false],
    ['an unknown colour', { id: 'm', name: 'R1', color: 'mauve' }, false],
    ['no name', { id: 'm', name: '' }, false],
  ])('%s', (_label, record, valid) => {
    expect(milestoneValidator.safeParse(record).success).toBe(valid);
  });
});

describe('sortMilestones / milestonesByLane', () => {
  const ms: Milestone[] = [
    { id: 'd', name: 'Dated only', date: '2027-01-01' },
    { id: 'b', name: 'B', laneId: 'i2' },
    { id: 'a2', name: 'Late', laneId: 'i1', date: '2027-01-20' },
    { id: 'a1', name: 'Early', laneId: 'i1', date: '2027-01-10' },
    { id: 'x', name: 'Gone lane', laneId: 'i9' },
  ];
  it('orders by iteration, then date, with unplaced ones last', () => {
    expect(sortMilestones(ms, lanes).map((m) => m.id)).toEqual(['a1', 'a2', 'b', 'd', 'x']);
  });
  it('groups the placed ones by lane', () => {
    const byLane = milestonesByLane(ms, lanes);
    expect([...byLane.keys()]).toEqual(['i1', 'i2']);
    expect(byLane.get('i1')!.map((m) => m.id)).toEqual(['a1', 'a2']);
  });
});

describe('laneColumns', () => {
  it.each<
    [string, { x: number; y: number; w: number; laneId?: string }[], Record<string, unknown>]
  >([
    ['no frames', [], {}],
    ['unbound frames are no column', [{ x: 0, y: 0, w: 100 }], {}],
    [
      'the cells of one iteration in two swimlanes make one column',
      [
        { x: 250, y: 410, w: 440, laneId: 'i1' },
        { x: 250, y: 910, w: 440, laneId: 'i1' },
        { x: 710, y: 410, w: 440, laneId: 'i2' },
      ],
      {
        i1: { left: 250, right: 690, top: 410 },
        i2: { left: 710, right: 1150, top: 410 },
      },
    ],
    [
      'frames of different widths widen the column',
      [
        { x: 300, y: 50, w: 100, laneId: 'i1' },
        { x: 280, y: 90, w: 60, laneId: 'i1' },
      ],
      { i1: { left: 280, right: 400, top: 50 } },
    ],
  ])('%s', (_label, frames, expected) => {
    expect(Object.fromEntries(laneColumns(frames))).toEqual(expected);
  });
});
