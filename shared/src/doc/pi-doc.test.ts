import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard } from './board-doc';
import {
  confidenceRoundMap,
  confidenceVotesMap,
  readConfidenceRound,
  readConfidenceVotes,
  revealConfidence,
  startConfidenceRound,
} from './confidence';
import { applyGuardedUpdate } from './guard';
import { milestonesMap, readMilestones, setMilestone } from './milestones';
import {
  addObjective,
  objectivesMap,
  readObjectives,
  removeObjective,
  updateObjective,
} from './objectives';
import { addRisk, moveRisk, readRisks, risksMap, updateRisk } from './risks';
import { ProtectedCopy } from './protected-copy';
import { BoardShape } from './shape';

/*
 * The program-planning records on a board: written and read through their helpers, checked by
 * the server's shape guard, and the facilitator's parts (business values, the confidence vote)
 * kept from everyone else.
 */

function setup(options: { facilitator?: boolean; copy?: boolean } = {}) {
  const server = new Y.Doc();
  initBoard(server, 'PI');
  addObjective(server, { id: 'o1', teamId: 'pay', text: 'Ship SEPA', kind: 'committed' });
  updateObjective(server, 'o1', { businessValue: 8 });
  startConfidenceRound(server, { id: 'c1', startedBy: 'f', startedAt: 1 });
  const shape = new BoardShape(server);
  // The server keeps a running copy of the protected parts instead of copying them per update.
  const copy = options.copy ? new ProtectedCopy(server) : undefined;
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const relayed: Uint8Array[] = [];
  server.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'revert') relayed.push(update);
  });
  const send = (change: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    change(client);
    const result = applyGuardedUpdate(server, Y.encodeStateAsUpdate(client, before), {
      origin: 'client',
      revertOrigin: 'revert',
      facilitator: options.facilitator ?? false,
      shape,
      ...(copy ? { protectedCopy: copy } : {}),
    });
    for (const update of relayed.splice(0)) Y.applyUpdate(client, update);
    return result;
  };
  return { server, client, send };
}

describe('program-planning records', () => {
  it('writes and reads objectives, risks and milestones', () => {
    const doc = new Y.Doc();
    addObjective(doc, { id: 'o', teamId: 'pay', text: ' Ship ', kind: 'stretch', createdAt: 1 });
    expect(updateObjective(doc, 'o', { text: ' Ship it ', businessValue: 5 })).toBe(true);
    expect(readObjectives(doc)).toEqual([
      { id: 'o', teamId: 'pay', text: 'Ship it', kind: 'stretch', businessValue: 5, createdAt: 1 },
    ]);
    expect(updateObjective(doc, 'o', { businessValue: null })).toBe(true);
    expect(readObjectives(doc)[0]!.businessValue).toBeUndefined();
    expect(() => updateObjective(doc, 'o', { businessValue: 11 })).toThrow();
    expect(updateObjective(doc, 'gone', { text: 'x' })).toBe(false);
    expect(removeObjective(doc, 'o')).toBe(true);
    expect(readObjectives(doc)).toEqual([]);

    addRisk(doc, { id: 'r', text: 'Vendor late', state: 'new' });
    expect(moveRisk(doc, 'r', 'owned')).toMatchObject({ ok: false });
    expect(updateRisk(doc, 'r', { owner: 'Ada', teamId: 'pay' })).toBe(true);
    expect(moveRisk(doc, 'r', 'owned')).toEqual({ ok: true });
    expect(moveRisk(doc, 'r', 'mitigated')).toEqual({ ok: true });
    expect(readRisks(doc)).toEqual([
      { id: 'r', text: 'Vendor late', state: 'mitigated', owner: 'Ada', teamId: 'pay' },
    ]);
    expect(updateRisk(doc, 'r', { teamId: null })).toBe(true);
    expect(readRisks(doc)[0]!.teamId).toBeUndefined();

    setMilestone(doc, { id: 'm', name: 'Release', laneId: 'i2', date: '2027-03-01' });
    setMilestone(doc, { id: 'm', name: 'Release 1', laneId: 'i3' });
    expect(readMilestones(doc)).toEqual([{ id: 'm', name: 'Release 1', laneId: 'i3' }]);
  });

  it('skips invalid stored records', () => {
    const doc = new Y.Doc();
    const junk = new Y.Map<unknown>();
    junk.set('name', '');
    milestonesMap(doc).set('bad', junk);
    risksMap(doc).set('num', 5 as never);
    confidenceVotesMap(doc).set('ada', { value: 9, teamId: null });
    expect(readMilestones(doc)).toEqual([]);
    expect(readRisks(doc)).toEqual([]);
    expect(readConfidenceVotes(doc)).toEqual({});
  });

  it('starts, reveals and restarts a confidence round', () => {
    const doc = new Y.Doc();
    expect(readConfidenceRound(doc)).toEqual({ id: '', state: 'idle', startedBy: '' });
    startConfidenceRound(doc, { id: 'c1', startedBy: 'f', startedAt: 1 });
    revealConfidence(doc, { ada: { value: 4, teamId: 'pay' }, bad: { value: 0, teamId: null } });
    expect(readConfidenceRound(doc)).toEqual({ id: 'c1', state: 'revealed', startedBy: 'f' });
    expect(readConfidenceVotes(doc)).toEqual({ ada: { value: 4, teamId: 'pay' } });
    startConfidenceRound(doc, { id: 'c2', startedBy: 'f', startedAt: 2 });
    expect(readConfidenceVotes(doc)).toEqual({});
  });
});

describe('the server guard on program-planning records', () => {
  it.each<[string, (doc: Y.Doc) => void, (server: Y.Doc) => void]>([
    [
      'a risk in an unknown state is removed',
      (doc) => {
        const map = new Y.Map<unknown>();
        map.set('text', 'x');
        map.set('state', 'ignored');
        risksMap(doc).set('r', map);
      },
      (server) => expect(readRisks(server)).toEqual([]),
    ],
    [
      'a non-date on a new milestone is dropped, the milestone kept',
      (doc) => {
        const map = new Y.Map<unknown>();
        map.set('name', 'x');
        map.set('date', 'soon');
        milestonesMap(doc).set('m', map);
      },
      (server) => expect(readMilestones(server)).toEqual([{ id: 'm', name: 'x' }]),
    ],
  ])('%s', (_label, change, check) => {
    const { server, send } = setup({ facilitator: true });
    const result = send(change);
    expect(result.shape.length).toBeGreaterThan(0);
    check(server);
  });

  it('cuts an over-long risk text', () => {
    const { server, send } = setup();
    send((doc) => addRisk(doc, { id: 'r', text: 'ok', state: 'new' }));
    send((doc) => (risksMap(doc).get('r') as Y.Map<unknown>).set('text', 'x'.repeat(600)));
    expect(readRisks(server)[0]!.text).toHaveLength(500);
  });

  it.each([false, true])('keeps the facilitator parts from anyone else (copy: %s)', (copy) => {
    const { server, client, send } = setup({ copy });
    const objective = () => objectivesMap(client).get('o1') as Y.Map<unknown>;
    const result = send((doc) => {
      objective().set('businessValue', 10);
      addObjective(doc, { id: 'o2', teamId: 'pay', text: 'New', kind: 'stretch', actualValue: 9 });
      confidenceRoundMap(doc).set('state', 'revealed');
      confidenceVotesMap(doc).set('bob', { value: 5, teamId: null });
    });
    expect(result.pi.sort()).toEqual([
      'confidenceRound',
      'confidenceVotes',
      'objectives/o1',
      'objectives/o2',
    ]);
    for (const doc of [server, client]) {
      expect(readObjectives(doc).map((o) => [o.id, o.businessValue, o.actualValue])).toEqual([
        ['o1', 8, undefined],
        ['o2', undefined, undefined],
      ]);
      expect(readConfidenceRound(doc).state).toBe('running');
      expect(readConfidenceVotes(doc)).toEqual({});
    }
    // What anyone may change goes through: the text, the kind, removing an objective.
    const allowed = send((doc) => {
      updateObjective(doc, 'o1', { text: 'Ship SEPA now' });
      removeObjective(doc, 'o2');
    });
    expect(allowed.pi).toEqual([]);
    expect(readObjectives(server).map((o) => o.text)).toEqual(['Ship SEPA now']);
    // A value the facilitator set later is the one a refused change returns to.
    updateObjective(server, 'o1', { businessValue: 5 });
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    expect(send(() => objective().set('businessValue', 1)).pi).toEqual(['objectives/o1']);
    expect(readObjectives(server)[0]!.businessValue).toBe(5);
  });

  it('lets the facilitator set business values and run the vote', () => {
    const { server, send } = setup({ facilitator: true });
    const result = send((doc) => {
      updateObjective(doc, 'o1', { businessValue: 3, actualValue: 2 });
      startConfidenceRound(doc, { id: 'c2', startedBy: 'f', startedAt: 2 });
    });
    expect(result.pi).toEqual([]);
    expect(readObjectives(server)[0]).toMatchObject({ businessValue: 3, actualValue: 2 });
    expect(readConfidenceRound(server).id).toBe('c2');
  });
});
