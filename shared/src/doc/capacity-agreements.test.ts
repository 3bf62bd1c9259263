import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard } from './board-doc';
import { agreementsMap, readAgreements, setAgreement } from './agreements-doc';
import { capacityMap, readCapacities, setCapacity } from './capacity-doc';
import { applyGuardedUpdate } from './guard';
import { boardFileToDoc, exportBoardFile, parseBoardFile } from './board-file';
import type { BoardFile } from './board-file';
import { BoardShape } from './shape';

/** A server doc with its shape guard and an editor's client doc whose changes go through it. */
function setup() {
  const server = new Y.Doc();
  initBoard(server, 'Board');
  setCapacity(server, 'web', 'now', 10);
  setAgreement(server, 'dep1', { state: 'requested', requestedBy: 'Ada', fromTeamId: 'web' });
  const shape = new BoardShape(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const relayed: Uint8Array[] = [];
  server.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'revert') relayed.push(update);
  });
  const send = (change: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    change(client);
    applyGuardedUpdate(server, Y.encodeStateAsUpdate(client, before), {
      origin: 'client',
      revertOrigin: 'revert',
      facilitator: false,
      shape,
    });
    for (const update of relayed.splice(0)) Y.applyUpdate(client, update);
  };
  return { server, client, send };
}

describe('capacity records', () => {
  it('round-trips, and null removes', () => {
    const doc = new Y.Doc();
    setCapacity(doc, 'web', 'now', 13);
    setCapacity(doc, 'api', 'next', 0.5);
    expect(readCapacities(doc)).toEqual([
      { teamId: 'api', laneId: 'next', points: 0.5 },
      { teamId: 'web', laneId: 'now', points: 13 },
    ]);
    setCapacity(doc, 'web', 'now', null);
    expect(readCapacities(doc)).toHaveLength(1);
  });

  it.each([-1, Number.NaN, Infinity, 100_001])('refuses %s points', (points) => {
    expect(() => setCapacity(new Y.Doc(), 'web', 'now', points)).toThrow(RangeError);
  });

  it.each<[string, string, unknown]>([
    ['negative points', 'web/now', { teamId: 'web', laneId: 'now', points: -3 }],
    ['a key that is not its cell', 'web/next', { teamId: 'web', laneId: 'now', points: 3 }],
    ['points as text', 'web/now', { teamId: 'web', laneId: 'now', points: '3' }],
    ['a nested map', 'web/now', new Y.Map()],
  ])('the guard undoes %s and readers skip it', (_label, key, value) => {
    const { server, client, send } = setup();
    send((doc) => capacityMap(doc).set(key, value));
    for (const doc of [server, client])
      expect(readCapacities(doc)).toEqual([{ teamId: 'web', laneId: 'now', points: 10 }]);
  });

  it('the guard keeps a valid capacity from an editor', () => {
    const { server, send } = setup();
    send((doc) => setCapacity(doc, 'api', 'next', 8));
    expect(readCapacities(server)).toContainEqual({ teamId: 'api', laneId: 'next', points: 8 });
  });
});

describe('agreement records', () => {
  it('round-trips without undefined fields', () => {
    const doc = new Y.Doc();
    setAgreement(doc, 'c1', {
      state: 'accepted',
      laneId: 'next',
      requestedBy: 'Ada',
      answeredBy: 'Bo',
      note: undefined,
    });
    expect(agreementsMap(doc).get('c1')).toEqual({
      state: 'accepted',
      laneId: 'next',
      requestedBy: 'Ada',
      answeredBy: 'Bo',
    });
    setAgreement(doc, 'c1', null);
    expect(readAgreements(doc).size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['an unknown state', { state: 'maybe', requestedBy: 'Ada' }],
    ['no requester', { state: 'requested' }],
    [
      'a note over 500 characters that is also the wrong state',
      { state: 'x', requestedBy: 'A', note: 'n'.repeat(600) },
    ],
  ])('the guard undoes %s', (_label, value) => {
    const { server, client, send } = setup();
    send((doc) => agreementsMap(doc).set('dep1', value));
    for (const doc of [server, client])
      expect(readAgreements(doc).get('dep1')).toEqual({
        state: 'requested',
        requestedBy: 'Ada',
        fromTeamId: 'web',
      });
  });

  it('the guard cuts an over-long note', () => {
    const { server, send } = setup();
    send((doc) =>
      agreementsMap(doc).set('dep2', {
        state: 'requested',
        requestedBy: 'Ada',
        note: 'n'.repeat(600),
      }),
    );
    expect(readAgreements(server).get('dep2')?.note).toHaveLength(500);
  });
});

describe('the board file', () => {
  it('carries capacities and agreements there and back', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Board');
    setCapacity(doc, 'web', 'now', 10);
    setAgreement(doc, 'c1', { state: 'accepted', laneId: 'now', requestedBy: 'Ada' });
    const parsed = parseBoardFile(JSON.parse(JSON.stringify(exportBoardFile(doc))));
    expect(parsed.ok).toBe(true);
    const back = boardFileToDoc((parsed as { ok: true; file: BoardFile }).file);
    expect(readCapacities(back)).toEqual(readCapacities(doc));
    expect(readAgreements(back)).toEqual(readAgreements(doc));
  });
});
