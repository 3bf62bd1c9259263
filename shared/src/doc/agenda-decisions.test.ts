import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CROSS_TEAM_AGENDA, advanceAgenda, agendaFromTemplate } from '../planning/agenda';
import { AGENDA_KEY, readAgenda, writeAgenda } from './agenda';
import { initBoard } from './board-doc';
import { readDecisions, removeDecision, writeDecision } from './decisions';
import { applyGuardedUpdate } from './guard';
import { SESSION_MAP } from './reconcile';
import { BoardShape } from './shape';

let n = 0;
const newId = () => `s${++n}`;

/** A server doc with the shape guard and a client doc whose updates go through the guard. */
function setup(facilitator: boolean) {
  const server = new Y.Doc();
  initBoard(server, 'B');
  const shape = new BoardShape(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const send = (change: () => void) => {
    const before = Y.encodeStateVector(client);
    change();
    const result = applyGuardedUpdate(server, Y.encodeStateAsUpdate(client, before), {
      origin: 'client',
      revertOrigin: 'revert',
      facilitator,
      shape,
    });
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    return result;
  };
  return { server, client, send };
}

describe('agenda and decisions in the session map', () => {
  it('round-trip through a facilitator and reach the server as written', () => {
    const { server, client, send } = setup(true);
    const agenda = advanceAgenda(agendaFromTemplate(CROSS_TEAM_AGENDA, newId), 1000).agenda;
    send(() => writeAgenda(client, agenda));
    send(() =>
      writeDecision(client, 'd1', { text: 'Ship search first', by: 'Fran', at: 5, itemIds: ['a'] }),
    );
    send(() =>
      writeDecision(client, 'd0', { text: 'Drop legacy export', by: 'Fran', at: 2, itemIds: [] }),
    );
    expect(readAgenda(server)).toEqual(agenda);
    expect(readDecisions(server).map((d) => [d.id, d.text])).toEqual([
      ['d0', 'Drop legacy export'],
      ['d1', 'Ship search first'],
    ]);
    send(() => removeDecision(client, 'd0'));
    expect(readDecisions(server).map((d) => d.id)).toEqual(['d1']);
  });

  it('are put back when anyone but a facilitator changes them', () => {
    const { server, client, send } = setup(false);
    const result = send(() => {
      writeAgenda(client, agendaFromTemplate(CROSS_TEAM_AGENDA, newId));
      writeDecision(client, 'x', { text: 'Sneaky', by: 'Ed', at: 1, itemIds: [] });
    });
    expect(result.session).toBe(true);
    expect(readAgenda(server)).toBeNull();
    expect(readDecisions(server)).toEqual([]);
    expect(readAgenda(client)).toBeNull();
  });

  it.each([
    [
      'a step without a title',
      {
        steps: [{ id: 's', title: '', minutes: 5, actions: [] }],
        current: null,
        startedAt: null,
        done: false,
      },
    ],
    ['a current step past the end', { steps: [], current: 3, startedAt: null, done: false }],
    [
      'an unknown step action',
      {
        steps: [{ id: 's', title: 'A', minutes: 5, actions: ['dance'] }],
        current: null,
        startedAt: null,
        done: false,
      },
    ],
  ])('the shape guard removes an agenda with %s, even from a facilitator', (_name, junk) => {
    const { server, client, send } = setup(true);
    const result = send(() => client.getMap(SESSION_MAP).set(AGENDA_KEY, junk));
    expect(result.shape.length).toBeGreaterThan(0);
    expect(server.getMap(SESSION_MAP).has(AGENDA_KEY)).toBe(false);
  });

  it('the shape guard removes an invalid decision and cuts an over-long one', () => {
    const { server, client, send } = setup(true);
    send(() => {
      client.getMap(SESSION_MAP).set('decision:bad', { text: 'No author or time' });
      client
        .getMap(SESSION_MAP)
        .set('decision:long', { text: 'x'.repeat(2000), by: 'F', at: 1, itemIds: [] });
    });
    expect(server.getMap(SESSION_MAP).has('decision:bad')).toBe(false);
    const [long] = readDecisions(server);
    expect(long?.text).toHaveLength(1000);
    expect(long?.text.endsWith('…')).toBe(true);
  });
});
