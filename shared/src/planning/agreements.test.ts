import { describe, expect, it } from 'vitest';
import { DEFAULT_LANES } from '../schema/team';
import { agreementHealth, applyAgreement } from './agreements';
import type { Agreement, AgreementAction, AgreementActor } from './agreements';
import { assessDependency } from './dependencies';
import type { PlannedItem } from './dependencies';

const order = new Map(DEFAULT_LANES.map((l, i) => [l.id, i]));
const requested: Agreement = {
  state: 'requested',
  fromTeamId: 'web',
  toTeamId: 'api',
  requestedBy: 'Ada',
};
const accepted = (laneId: string): Agreement => ({
  ...requested,
  state: 'accepted',
  laneId,
  answeredBy: 'Bo',
});
const declined: Agreement = { ...requested, state: 'declined', answeredBy: 'Bo' };

describe('agreementHealth', () => {
  it.each<[string, Agreement | null, string | undefined, string | null, string | null]>([
    ['no agreement adds nothing', null, 'next', null, null],
    ['an open request is amber', requested, 'next', 'amber', 'agreement-requested'],
    ['a declined request is red', declined, 'next', 'red', 'agreement-declined'],
    [
      'accepted for an earlier iteration is green',
      accepted('now'),
      'next',
      'green',
      'agreement-ok',
    ],
    ['accepted for the same iteration is green', accepted('next'), 'next', 'green', 'agreement-ok'],
    [
      'accepted for a later iteration is red',
      accepted('later'),
      'next',
      'red',
      'agreement-after-need',
    ],
    [
      'accepted while the need is unplanned is green',
      accepted('later'),
      undefined,
      'green',
      'agreement-ok',
    ],
    ['accepted for an unknown lane is green', accepted('gone'), 'now', 'green', 'agreement-ok'],
  ])('%s', (_label, agreement, need, health, reason) => {
    const result = agreementHealth(agreement, need, order);
    expect(result?.health ?? null).toBe(health);
    expect(result?.reason ?? null).toBe(reason);
  });
});

describe('assessDependency with an agreement', () => {
  const dependent = { id: 'a', laneId: 'next', rank: 'a1' };
  const earlier = { id: 'b', laneId: 'now', rank: 'a0' };
  const sameLaneBelow = { id: 'b', laneId: 'next', rank: 'a2' };
  const unplanned = { id: 'b', rank: 'a0' };
  it.each<[string, PlannedItem, Agreement | null, string, string]>([
    ['planned in time, no agreement', earlier, null, 'green', 'ok'],
    ['planned in time, request open', earlier, requested, 'amber', 'agreement-requested'],
    ['planned in time, declined', earlier, declined, 'red', 'agreement-declined'],
    ['planned in time, accepted in time', earlier, accepted('now'), 'green', 'ok'],
    [
      'planned in time, promised too late',
      earlier,
      accepted('later'),
      'red',
      'agreement-after-need',
    ],
    [
      'ranked below, request open: the plan reason stays',
      sameLaneBelow,
      requested,
      'amber',
      'dependency-ranked-below',
    ],
    ['ranked below, declined: red', sameLaneBelow, declined, 'red', 'agreement-declined'],
    [
      'unplanned: the plan is red whatever was agreed',
      unplanned,
      accepted('now'),
      'red',
      'dependency-unplanned',
    ],
  ])('%s', (_label, dependency, agreement, health, reason) => {
    expect(assessDependency(dependent, dependency, DEFAULT_LANES, agreement)).toEqual({
      health,
      reason,
    });
  });
});

describe('applyAgreement', () => {
  const web: AgreementActor = { teamId: 'web', facilitator: false, name: 'Ada' };
  const api: AgreementActor = { teamId: 'api', facilitator: false, name: 'Bo' };
  const host: AgreementActor = { teamId: null, facilitator: true, name: 'Cy' };
  const teams = { dependentTeamId: 'web', dependencyTeamId: 'api' };
  it.each<[string, Agreement | null, AgreementAction, AgreementActor, Agreement | null | string]>([
    [
      'the needing team requests',
      null,
      { type: 'request', note: ' login API ' },
      web,
      {
        state: 'requested',
        fromTeamId: 'web',
        toTeamId: 'api',
        requestedBy: 'Ada',
        note: 'login API',
      },
    ],
    ['the other team cannot request for it', null, { type: 'request' }, api, 'not-requesting-team'],
    [
      'a facilitator can request',
      null,
      { type: 'request' },
      host,
      { state: 'requested', fromTeamId: 'web', toTeamId: 'api', requestedBy: 'Cy' },
    ],
    ['no second open request', requested, { type: 'request' }, web, 'already-requested'],
    [
      'a declined request can be asked again',
      declined,
      { type: 'request' },
      web,
      { state: 'requested', fromTeamId: 'web', toTeamId: 'api', requestedBy: 'Ada' },
    ],
    [
      'the asked team accepts with an iteration',
      requested,
      { type: 'accept', laneId: 'next' },
      api,
      { ...requested, state: 'accepted', laneId: 'next', answeredBy: 'Bo' },
    ],
    [
      'accepting needs an iteration',
      requested,
      { type: 'accept', laneId: '' },
      api,
      'no-iteration',
    ],
    [
      'the needing team cannot accept its own request',
      requested,
      { type: 'accept', laneId: 'now' },
      web,
      'not-asked-team',
    ],
    [
      'the asked team declines, with a reason',
      requested,
      { type: 'decline', note: 'no room' },
      api,
      { ...requested, state: 'declined', answeredBy: 'Bo', note: 'no room' },
    ],
    ['nothing to answer without a request', null, { type: 'decline' }, api, 'no-request'],
    [
      'an answer can be changed',
      declined,
      { type: 'accept', laneId: 'later' },
      api,
      { ...requested, state: 'accepted', laneId: 'later', answeredBy: 'Bo' },
    ],
    [
      'a facilitator answers for a team',
      requested,
      { type: 'decline' },
      host,
      { ...requested, state: 'declined', answeredBy: 'Cy' },
    ],
    ['the needing team withdraws', accepted('now'), { type: 'withdraw' }, web, null],
    ['the asked team cannot withdraw', requested, { type: 'withdraw' }, api, 'not-requesting-team'],
  ])('%s', (_label, current, action, actor, expected) => {
    const result = applyAgreement(current, action, actor, teams);
    if (typeof expected === 'string') expect(result).toEqual({ ok: false, reason: expected });
    else expect(result).toEqual({ ok: true, next: expected });
  });

  it('lets anyone who edits act for cards without a team', () => {
    const none = { dependentTeamId: undefined, dependencyTeamId: null };
    expect(applyAgreement(null, { type: 'request' }, api, none).ok).toBe(true);
    expect(applyAgreement(requested, { type: 'accept', laneId: 'now' }, web, none).ok).toBe(true);
  });
});
