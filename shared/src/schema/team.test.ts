import { describe, expect, it } from 'vitest';
import { indexBetween } from '../planning/rank';
import { DEFAULT_LANES, laneValidator, sortLanes, teamValidator } from './team';

describe('teams', () => {
  it.each([
    ['a team', { id: 'payments', name: 'Payments', color: 'blue' }, true],
    ['an empty name', { id: 'p', name: '  ', color: 'blue' }, false],
    ['an unknown colour', { id: 'p', name: 'P', color: 'mauve' }, false],
    ['an empty id', { id: '', name: 'P', color: 'blue' }, false],
    ['a missing colour', { id: 'p', name: 'P' }, false],
  ])('validates %s', (_label, team, ok) => {
    expect(teamValidator.safeParse(team).success).toBe(ok);
  });
});

describe('lanes', () => {
  it.each([
    ['a lane', { id: 'now', name: 'Now', order: 'a0' }, true],
    ['an empty order key', { id: 'now', name: 'Now', order: '' }, false],
    ['a malformed order key', { id: 'now', name: 'Now', order: 'zz' }, false],
    ['an empty name', { id: 'now', name: '', order: 'a0' }, false],
  ])('validates %s', (_label, lane, ok) => {
    expect(laneValidator.safeParse(lane).success).toBe(ok);
  });

  it('starts every board with Now, Next, Later in that order', () => {
    expect(DEFAULT_LANES.map((l) => l.id)).toEqual(['now', 'next', 'later']);
    expect(sortLanes([...DEFAULT_LANES].reverse()).map((l) => l.name)).toEqual([
      'Now',
      'Next',
      'Later',
    ]);
    for (const lane of DEFAULT_LANES) expect(laneValidator.parse(lane)).toEqual(lane);
  });

  it('uses real fractional keys, so a lane can be inserted between the defaults', () => {
    const [now, next] = DEFAULT_LANES;
    const soon = { id: 'soon', name: 'Soon', order: indexBetween(now!.order, next!.order) };
    expect(sortLanes([...DEFAULT_LANES, soon]).map((l) => l.id)).toEqual([
      'now',
      'soon',
      'next',
      'later',
    ]);
  });

  it('breaks order ties by id', () => {
    const lanes = [
      { id: 'b', order: 'a0' },
      { id: 'a', order: 'a0' },
    ];
    expect(sortLanes(lanes).map((l) => l.id)).toEqual(['a', 'b']);
  });
});
