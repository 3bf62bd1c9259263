import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeSticky } from '../schema';
import { addItem, deleteItem, getItem, initBoard, itemText, updateItem } from './board-doc';
import { LockIndex, VotesCopy, applyGuardedUpdate } from './guard';
import { castVote, readVotes, startVote } from './planning-doc';
import { ProtectedCopy } from './protected-copy';
import { BoardShape } from './shape';
import { readTimer, setTimer, writeTimer } from './session';

type GuardMode = 'scan' | 'index';
let mode: GuardMode = 'scan';

/**
 * A server doc and a client doc in sync; the client's updates go through the guard, which finds
 * locked items by scanning the board or, as the server does, through a LockIndex.
 */
function setup() {
  const server = new Y.Doc();
  initBoard(server, 'B');
  addItem(server, makeSticky({ id: 'locked', x: 0, y: 0, z: 'a0', createdBy: 'f', text: 'Keep' }));
  updateItem(server, 'locked', { locked: true });
  addItem(server, makeSticky({ id: 'free', x: 0, y: 0, z: 'a1', createdBy: 'f', text: 'Free' }));
  // The facilitator's vote, with its votes in place before the client's copy is made.
  startVote(server, { id: 'v1', budget: 5, startedBy: 'f', itemIds: ['free'] });
  castVote(server, 'free', 'ann', 2);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const index = mode === 'index' ? new LockIndex(server) : undefined;
  const votes = mode === 'index' ? new VotesCopy(server) : undefined;
  const shape = mode === 'index' ? new BoardShape(server) : undefined;
  const copy = mode === 'index' ? new ProtectedCopy(server) : undefined;
  const relayed: Uint8Array[] = [];
  server.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'revert') relayed.push(update);
  });
  const send = (change: () => void) => {
    const before = Y.encodeStateVector(client);
    change();
    const result = applyGuardedUpdate(server, Y.encodeStateAsUpdate(client, before), {
      origin: 'client',
      revertOrigin: 'revert',
      ...(index ? { lockIndex: index } : {}),
      ...(votes ? { votesCopy: votes } : {}),
      ...(shape ? { shape } : {}),
      ...(copy ? { protectedCopy: copy } : {}),
    });
    for (const update of relayed.splice(0)) Y.applyUpdate(client, update);
    return result;
  };
  return { server, client, send, index };
}

describe.each<GuardMode>(['scan', 'index'])('applyGuardedUpdate (%s)', (guardMode) => {
  beforeEach(() => {
    mode = guardMode;
  });

  it('lets changes to unlocked items through untouched', () => {
    const { server, send } = setup();
    expect(send(() => {})).toEqual({
      items: [],
      session: false,
      votes: [],
      shape: [],
      pi: [],
      reactions: [],
      comments: [],
      members: [],
    });
    const result = setup();
    expect(result.send(() => updateItem(result.client, 'free', { x: 5 }))).toEqual({
      items: [],
      session: false,
      votes: [],
      shape: [],
      pi: [],
      reactions: [],
      comments: [],
      members: [],
    });
    expect(getItem(result.server, 'free')?.x).toBe(5);
    expect(getItem(server, 'free')?.x).toBe(0);
  });

  it.each([
    ['a move', (doc: Y.Doc) => updateItem(doc, 'locked', { x: 50, y: 9 })],
    ['a text edit', (doc: Y.Doc) => itemText(doc, 'locked')?.insert(0, 'X')],
    ['a delete', (doc: Y.Doc) => deleteItem(doc, 'locked')],
    ['an unlock', (doc: Y.Doc) => updateItem(doc, 'locked', { locked: false })],
  ])('undoes %s of a locked item for everyone, sender included', (_name, change) => {
    const { server, client, send } = setup();
    const before = getItem(server, 'locked');
    const result = send(() => change(client));
    expect(result.items).toEqual(['locked']);
    expect(getItem(server, 'locked')).toEqual(before);
    expect(getItem(client, 'locked')).toEqual(before);
    // The client's clock continues: its next allowed change still reaches the server.
    send(() => updateItem(client, 'free', { x: 7 }));
    expect(getItem(server, 'free')?.x).toBe(7);
  });

  it('keeps the allowed part of a mixed change out too (all or nothing per item)', () => {
    const { server, client, send } = setup();
    send(() =>
      client.transact(() => {
        updateItem(client, 'free', { x: 3 });
        updateItem(client, 'locked', { x: 3 });
      }),
    );
    expect(getItem(server, 'locked')?.x).toBe(0);
    expect(getItem(server, 'free')?.x).toBe(3);
  });

  it('undoes any change to the votes from a non-facilitator, for everyone', () => {
    const { server, client, send } = setup();
    expect(readVotes(client)).toEqual({ free: { ann: 2 } });
    expect(send(() => castVote(client, 'free', 'eve', 3)).votes).toEqual(['free']);
    expect(send(() => castVote(client, 'free', 'ann', -2)).votes).toEqual(['free']);
    expect(send(() => client.getMap('votes').delete('free')).votes).toEqual(['free']);
    expect(send(() => client.getMap('votes').set('locked', new Y.Map())).votes).toEqual(['locked']);
    expect(readVotes(server)).toEqual({ free: { ann: 2 } });
    expect(readVotes(client)).toEqual({ free: { ann: 2 } });
    // The server's own writes (the reveal) are not guarded.
    castVote(server, 'free', 'bob', 1);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    expect(send(() => updateItem(client, 'free', { x: 1 })).votes).toEqual([]);
    expect(readVotes(client)).toEqual({ free: { ann: 2, bob: 1 } });
  });

  it('refuses locking and session writes from non-facilitators', () => {
    const { server, client, send } = setup();
    expect(send(() => updateItem(client, 'free', { locked: true })).items).toEqual(['free']);
    expect(getItem(server, 'free')).not.toHaveProperty('locked');
    expect(send(() => writeTimer(client, setTimer(1000))).session).toBe(true);
    expect(readTimer(server)).toBeNull();
    expect(readTimer(client)).toBeNull();
  });

  it("puts the session back as the facilitator's last change left it", () => {
    const { server, client, send } = setup();
    // The facilitator's change (applied unguarded) is what a later refused write returns to.
    writeTimer(server, setTimer(5000));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    const set = readTimer(server);
    expect(set).not.toBeNull();
    expect(send(() => writeTimer(client, null)).session).toBe(true);
    expect(readTimer(server)).toEqual(set);
    expect(readTimer(client)).toEqual(set);
    expect(send(() => writeTimer(client, setTimer(1))).session).toBe(true);
    expect(readTimer(server)).toEqual(set);
  });
});

describe('LockIndex', () => {
  it('follows locks and unlocks made by a facilitator, so the guard sees them at once', () => {
    mode = 'index';
    const { server, client, send, index } = setup();
    expect([...index!.lockedIds]).toEqual(['locked']);
    // A facilitator's change is applied unguarded.
    updateItem(server, 'free', { locked: true });
    updateItem(server, 'locked', { locked: false });
    expect([...index!.lockedIds]).toEqual(['free']);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    expect(send(() => updateItem(client, 'free', { x: 9 })).items).toEqual(['free']);
    expect(send(() => updateItem(client, 'locked', { x: 9 })).items).toEqual([]);
    expect(getItem(server, 'locked')?.x).toBe(9);
    deleteItem(server, 'free');
    expect(index!.lockedIds.size).toBe(0);
    addItem(server, {
      ...makeSticky({ id: 'new', x: 0, y: 0, z: 'a2', createdBy: 'f' }),
      locked: true,
    });
    expect([...index!.lockedIds]).toEqual(['new']);
    index!.destroy();
  });
});
