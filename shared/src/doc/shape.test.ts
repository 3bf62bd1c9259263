import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeSticky, SCHEMA_VERSION } from '../schema';
import { addItem, getItem, initBoard, itemsMap, metaMap, readItems, updateItem } from './board-doc';
import { exportBoardFile } from './board-file';
import { applyGuardedUpdate } from './guard';
import { membersMap, readMembers, readTeams, setTeam, teamsMap } from './planning-doc';
import { CUT_MARK, onInvalidRecord } from './records';
import { BoardShape } from './shape';

/** A server doc with its shape guard and a client doc in sync; the client's updates go through the guard. */
function setup(options: { facilitator?: boolean } = {}) {
  const server = new Y.Doc();
  initBoard(server, 'Board');
  addItem(server, makeSticky({ id: 'kept', x: 1, y: 2, z: 'a0', createdBy: 'ann', text: 'Keep' }));
  setTeam(server, { id: 'pay', name: 'Payments', color: 'blue' });
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
    const result = applyGuardedUpdate(server, Y.encodeStateAsUpdate(client, before), {
      origin: 'client',
      revertOrigin: 'revert',
      facilitator: options.facilitator ?? false,
      shape,
    });
    for (const update of relayed.splice(0)) Y.applyUpdate(client, update);
    return result;
  };
  return { server, client, send, shape };
}

/** Writes an item map as a hostile client would, without any validation. */
function rawItem(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields))
    map.set(key, key === 'text' ? new Y.Text(String(value)) : value);
  itemsMap(doc).set(id, map);
}

const ITEM_JUNK: [string, (doc: Y.Doc) => void][] = [
  ['a number as an item', (doc) => itemsMap(doc).set('junk', 5 as never)],
  ['null as an item', (doc) => itemsMap(doc).set('junk', null as never)],
  ['a Y.Text as an item', (doc) => itemsMap(doc).set('junk', new Y.Text('x') as never)],
  ['an empty map as an item', (doc) => itemsMap(doc).set('junk', new Y.Map())],
  [
    'an item with a key over 64 characters',
    (doc) =>
      rawItem(doc, 'k'.repeat(65), makeSticky({ id: 'k', x: 0, y: 0, z: 'a1', createdBy: 'x' })),
  ],
];

describe('the shape guard', () => {
  it.each([false, true])('undoes an invalid new item for everyone (facilitator: %s)', (f) => {
    for (const [, write] of ITEM_JUNK) {
      const { server, client, send } = setup({ facilitator: f });
      const result = send(write);
      expect(result.shape.map((r) => r.action)).toEqual(['removed']);
      expect([...itemsMap(server).keys()]).toEqual(['kept']);
      expect([...itemsMap(client).keys()]).toEqual(['kept']);
    }
  });

  it('puts an existing record back as it was when it is replaced by junk', () => {
    const { server, client, send } = setup({ facilitator: true });
    send((doc) => itemsMap(doc).set('kept', 42 as never));
    expect(getItem(server, 'kept')).toMatchObject({ text: 'Keep', x: 1, y: 2 });
    expect(getItem(client, 'kept')).toMatchObject({ text: 'Keep', x: 1, y: 2 });
    send((doc) => teamsMap(doc).set('pay', 'nope' as never));
    expect(readTeams(server)).toEqual([{ id: 'pay', name: 'Payments', color: 'blue' }]);
  });

  it('puts back only the fields that do not fit, keeping the valid rest of the change', () => {
    const { server, client, send } = setup();
    const result = send((doc) => {
      const map = itemsMap(doc).get('kept')!;
      map.set('x', 50);
      map.set('color', 'neon');
      map.set('w', 'wide');
    });
    expect(result.shape).toEqual([expect.objectContaining({ key: 'kept', action: 'restored' })]);
    expect(getItem(server, 'kept')).toMatchObject({ x: 50, color: 'yellow', w: 200 });
    expect(getItem(client, 'kept')).toMatchObject({ x: 50, color: 'yellow', w: 200 });
  });

  it('cuts an over-long text with a visible mark instead of dropping the item', () => {
    const { server, client, send } = setup();
    send((doc) =>
      rawItem(doc, 'long', {
        ...makeSticky({ id: 'long', x: 0, y: 0, z: 'a1', createdBy: 'x' }),
        text: 'y'.repeat(12_000),
      }),
    );
    const text = (getItem(server, 'long') as { text: string }).text;
    expect(text).toHaveLength(10_000);
    expect(text.endsWith(CUT_MARK)).toBe(true);
    expect(getItem(client, 'long')).toEqual(getItem(server, 'long'));
    // Typing past the limit on an existing note is cut too.
    send((doc) => updateItem(doc, 'kept', { text: 'z'.repeat(10_500) }));
    expect((getItem(client, 'kept') as { text: string }).text).toHaveLength(10_000);
  });

  it('checks members, the session, the vote session and meta', () => {
    const { server, send } = setup({ facilitator: true });
    send((doc) => membersMap(doc).set('u1', { name: 'Ann', teamId: 'pay' }));
    send((doc) => membersMap(doc).set('u2', 7));
    send((doc) => membersMap(doc).set('u1', { name: ['x'] }));
    expect(readMembers(server)).toEqual({ u1: { name: 'Ann', teamId: 'pay' } });
    send((doc) => doc.getMap('session').set('timer', { durationMs: 'soon' }));
    send((doc) => doc.getMap('session').set('mystery', 1));
    expect(server.getMap('session').size).toBe(0);
    send((doc) => doc.getMap('voteSession').set('budget', -3));
    expect(server.getMap('voteSession').has('budget')).toBe(false);
    send((doc) => {
      metaMap(doc).set('title', 't'.repeat(300));
      metaMap(doc).set('schemaVersion', 99);
    });
    expect(metaMap(server).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(metaMap(server).get('title')).toHaveLength(200);
    send((doc) => metaMap(doc).delete('title'));
    expect(metaMap(server).get('title')).toHaveLength(200);
  });

  it('leaves maps that are not part of the board alone', () => {
    const { server, send } = setup();
    expect(send((doc) => doc.getMap('scratch').set('n', 1)).shape).toEqual([]);
    expect(server.getMap('scratch').get('n')).toBe(1);
  });

  it('drops a nested shared type under a field no record has', () => {
    const { server, send } = setup({ facilitator: true });
    send((doc) => {
      let nested = new Y.Map<unknown>();
      const top = nested;
      for (let i = 0; i < 200; i++) {
        const next = new Y.Map<unknown>();
        nested.set('deeper', next);
        nested = next;
      }
      itemsMap(doc).get('kept')!.set('junk', top);
    });
    expect(itemsMap(server).get('kept')!.has('junk')).toBe(false);
    expect(getItem(server, 'kept')).toMatchObject({ text: 'Keep' });
  });

  it('finds and repairs what was stored invalid before it existed', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Old');
    addItem(doc, makeSticky({ id: 'good', x: 0, y: 0, z: 'a0', createdBy: 'x' }));
    itemsMap(doc).set('bad', 'junk' as never);
    rawItem(doc, 'long', {
      ...makeSticky({ id: 'long', x: 0, y: 0, z: 'a1', createdBy: 'x' }),
      text: 'w'.repeat(10_001),
    });
    const shape = new BoardShape(doc);
    expect(
      shape
        .invalid()
        .map((t) => t.key)
        .sort(),
    ).toEqual(['bad', 'long']);
    const repairs = shape.repair('repair');
    expect(repairs.map((r) => [r.key, r.action]).sort()).toEqual([
      ['bad', 'removed'],
      ['long', 'cut'],
    ]);
    expect(
      readItems(doc)
        .map((i) => i.id)
        .sort(),
    ).toEqual(['good', 'long']);
    expect(shape.invalid()).toEqual([]);
  });
});

describe('readers', () => {
  it('skip entries that are not valid records, count them, and show the rest', () => {
    const doc = new Y.Doc();
    initBoard(doc, 'Junk');
    addItem(doc, makeSticky({ id: 'good', x: 0, y: 0, z: 'a0', createdBy: 'x', text: 'ok' }));
    itemsMap(doc).set('n', 5 as never);
    itemsMap(doc).set('t', new Y.Text('t') as never);
    teamsMap(doc).set('bad', 3 as never);
    membersMap(doc).set('u', new Y.Map());
    doc.getMap('votes').set('good', 'many');
    const reported: string[] = [];
    const stop = onInvalidRecord((record) => reported.push(`${record.map}/${record.key}`));
    try {
      expect(readItems(doc).map((i) => i.id)).toEqual(['good']);
      const file = exportBoardFile(doc);
      expect(file.items.map((i) => i.id)).toEqual(['good']);
      expect(file.teams).toBeUndefined();
      expect(file.members).toBeUndefined();
      expect(file.votes).toBeUndefined();
    } finally {
      stop();
    }
    expect(reported).toEqual(
      expect.arrayContaining(['items/n', 'items/t', 'teams/bad', 'members/u', 'votes/good']),
    );
  });

  it('take an item id from its key: no id field is needed inside the map', () => {
    const doc = new Y.Doc();
    const map = new Y.Map<unknown>();
    const {
      id: _id,
      text,
      ...fields
    } = makeSticky({
      id: 'x',
      x: 0,
      y: 0,
      z: 'a0',
      createdBy: 'x',
      text: 'hi',
    });
    for (const [key, value] of Object.entries(fields)) map.set(key, value);
    map.set('text', new Y.Text(text));
    itemsMap(doc).set('from-key', map);
    expect(getItem(doc, 'from-key')).toMatchObject({ id: 'from-key', text: 'hi' });
    expect(readItems(doc).map((i) => i.id)).toEqual(['from-key']);
  });
});
