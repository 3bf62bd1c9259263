import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { moveToIndex, rankedOrder } from '../planning/rank-ops';
import { tallyVotes } from '../planning/votes';
import { makeFrame, makeSticky } from '../schema';
import { addItem, readItems, updateItem } from './board-doc';
import {
  addLane,
  bindFrame,
  castVote,
  ensureLanes,
  moveLane,
  readLanes,
  readMembers,
  readTeams,
  readVoteSession,
  readVotes,
  removeLane,
  revealVotes,
  removeTeam,
  renameLane,
  setMember,
  setTeam,
  setVoteState,
  startVote,
  voterTeams,
} from './planning-doc';

/** Peers that edit while disconnected, then exchange every update in a shuffled order. */
function disconnectedPeers(count: number, seed: (doc: Y.Doc) => void) {
  const origin = new Y.Doc();
  seed(origin);
  const base = Y.encodeStateAsUpdate(origin);
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    Y.applyUpdate(doc, base);
    return doc;
  });
}

function exchange(docs: Y.Doc[], shuffle = 0): void {
  const updates = docs.map((d) => Y.encodeStateAsUpdate(d));
  for (const [i, doc] of docs.entries()) {
    const order = updates.map((_, j) => (j + shuffle + i) % updates.length);
    for (const j of order) Y.applyUpdate(doc, updates[j]!);
  }
}

const sticky = (id: string, rank?: string) =>
  makeSticky({ id, x: 0, y: 0, z: 'a0', createdBy: 't', ...(rank ? { rank } : {}) }, 1);

describe('teams', () => {
  it('adds, renames, recolours and removes teams; lists them by name', () => {
    const doc = new Y.Doc();
    setTeam(doc, { id: 'p', name: 'Payments', color: 'blue' });
    setTeam(doc, { id: 'a', name: 'Accounts', color: 'green' });
    setTeam(doc, { id: 'p', name: 'Payments & Billing', color: 'red' });
    expect(readTeams(doc)).toEqual([
      { id: 'a', name: 'Accounts', color: 'green' },
      { id: 'p', name: 'Payments & Billing', color: 'red' },
    ]);
    expect(removeTeam(doc, 'a')).toBe(true);
    expect(removeTeam(doc, 'a')).toBe(false);
    expect(readTeams(doc).map((t) => t.id)).toEqual(['p']);
  });

  it('refuses an invalid team', () => {
    expect(() => setTeam(new Y.Doc(), { id: 'x', name: ' ', color: 'blue' })).toThrow();
  });

  it('keeps a concurrent rename and recolour of one team', () => {
    const [a, b] = disconnectedPeers(2, (d) => setTeam(d, { id: 'p', name: 'P', color: 'blue' }));
    setTeam(a!, { id: 'p', name: 'Payments', color: 'blue' });
    const team = b!.getMap('teams').get('p') as Y.Map<unknown>;
    team.set('color', 'red');
    exchange([a!, b!]);
    expect(readTeams(a!)).toEqual([{ id: 'p', name: 'Payments', color: 'red' }]);
    expect(readTeams(b!)).toEqual(readTeams(a!));
  });
});

describe('lanes', () => {
  it('reads the defaults until lanes are stored', () => {
    const doc = new Y.Doc();
    expect(readLanes(doc).map((l) => l.name)).toEqual(['Now', 'Next', 'Later']);
    ensureLanes(doc);
    expect(doc.getMap('lanes').size).toBe(3);
  });

  it('renames, adds, reorders and removes lanes', () => {
    const doc = new Y.Doc();
    expect(renameLane(doc, 'later', 'Someday')).toBe(true);
    expect(renameLane(doc, 'nope', 'x')).toBe(false);
    addLane(doc, { id: 'soon', name: 'Soon' }, 'now');
    addLane(doc, { id: 'never', name: 'Never' });
    expect(readLanes(doc).map((l) => l.id)).toEqual(['now', 'soon', 'next', 'later', 'never']);
    moveLane(doc, 'never', 0);
    moveLane(doc, 'now', 99);
    expect(readLanes(doc).map((l) => l.id)).toEqual(['never', 'soon', 'next', 'later', 'now']);
    expect(removeLane(doc, 'soon')).toBe(true);
    expect(readLanes(doc).map((l) => l.name)).toEqual(['Never', 'Next', 'Someday', 'Now']);
  });

  it('converges when two people reorder and rename lanes at once', () => {
    const peers = disconnectedPeers(3, (d) => ensureLanes(d));
    moveLane(peers[0]!, 'later', 0);
    moveLane(peers[1]!, 'now', 2);
    renameLane(peers[2]!, 'next', 'Soon');
    exchange(peers, 1);
    const ids = readLanes(peers[0]!).map((l) => l.id);
    expect(new Set(ids)).toEqual(new Set(['now', 'next', 'later']));
    for (const p of peers) expect(readLanes(p)).toEqual(readLanes(peers[0]!));
    expect(readLanes(peers[0]!).find((l) => l.id === 'next')!.name).toBe('Soon');
  });
});

describe('members', () => {
  it('records each person with their team; tallies group by it', () => {
    const doc = new Y.Doc();
    setMember(doc, 'u1', { name: 'Ada', teamId: 'p' });
    setMember(doc, 'u2', { name: 'Bo', teamId: null });
    expect(readMembers(doc)).toEqual({
      u1: { name: 'Ada', teamId: 'p' },
      u2: { name: 'Bo', teamId: null },
    });
    expect(voterTeams(doc)).toEqual({ u1: 'p' });
  });
});

describe('votes', () => {
  const start = (doc: Y.Doc, budget = 3) =>
    startVote(doc, { id: 'v1', budget, startedBy: 'fac', itemIds: ['n1', 'n2'] });

  it('only counts votes while a vote runs, within the budget', () => {
    const doc = new Y.Doc();
    expect(castVote(doc, 'n1', 'u1', 1)).toEqual({ ok: false, reason: 'invalid' });
    start(doc);
    expect(readVoteSession(doc)).toMatchObject({ state: 'running', budget: 3, id: 'v1' });
    expect(castVote(doc, 'n1', 'u1', 2)).toEqual({ ok: true, next: 2 });
    expect(castVote(doc, 'n2', 'u1', 2)).toEqual({ ok: false, reason: 'over-budget' });
    expect(castVote(doc, 'n2', 'u1', 1)).toEqual({ ok: true, next: 1 });
    expect(castVote(doc, 'n1', 'u1', -2)).toEqual({ ok: true, next: 0 });
    expect(castVote(doc, 'n3', 'u1', 1)).toEqual({ ok: true, next: 1 });
    expect(readVotes(doc)).toEqual({ n1: {}, n2: { u1: 1 }, n3: { u1: 1 } });
    setVoteState(doc, 'ended');
    expect(castVote(doc, 'n1', 'u1', 1).ok).toBe(false);
  });

  it('re-running a vote clears the previous one; idle clears too', () => {
    const doc = new Y.Doc();
    start(doc);
    castVote(doc, 'n1', 'u1', 1);
    setVoteState(doc, 'revealed');
    expect(readVoteSession(doc).state).toBe('revealed');
    startVote(doc, { id: 'v2', budget: 5, startedBy: 'fac', itemIds: ['n1'] });
    expect(readVotes(doc)).toEqual({ n1: {}, n2: {} });
    castVote(doc, 'n2', 'u1', 1);
    setVoteState(doc, 'idle');
    expect(readVotes(doc)).toEqual({ n1: {}, n2: {} });
    expect(() => startVote(doc, { id: 'v3', budget: 0, startedBy: 'f', itemIds: [] })).toThrow();
  });

  it('never loses a vote when many people vote on the same items at once', () => {
    const peers = disconnectedPeers(5, (d) => start(d, 4));
    peers.forEach((doc, i) => {
      castVote(doc, 'n1', `u${i}`, 2);
      castVote(doc, 'n2', `u${i}`, 1 + (i % 2));
      setMember(doc, `u${i}`, { name: `User ${i}`, teamId: i < 2 ? 'a' : 'b' });
    });
    exchange(peers, 2);
    for (const doc of peers) {
      expect(readVotes(doc)).toEqual(readVotes(peers[0]!));
      const tally = tallyVotes(readVotes(doc), voterTeams(doc), { a: 2 });
      expect(tally.n1).toEqual({ total: 10, weightedTotal: 14, byTeam: { a: 4, b: 6 } });
      expect(tally.n2!.total).toBe(7);
    }
  });

  it('keeps concurrent votes by one person on two devices within one per-item count', () => {
    const [a, b] = disconnectedPeers(2, (d) => start(d));
    castVote(a!, 'n1', 'u1', 1);
    castVote(b!, 'n1', 'u1', 2);
    exchange([a!, b!]);
    // Same key, last writer wins: one count survives, identical on both devices.
    expect(readVotes(a!).n1).toEqual(readVotes(b!).n1);
    expect([1, 2]).toContain(readVotes(a!).n1!.u1);
  });
});

describe('concurrent reorders of the backlog', () => {
  it('never duplicates or loses items, and every peer sees one order', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const peers = disconnectedPeers(4, (doc) =>
      ids.forEach((id, i) => addItem(doc, sticky(id, `a${i + 1}`))),
    );
    const moves: [string, number][][] = [
      [
        ['f', 0],
        ['a', 3],
      ],
      [
        ['f', 2],
        ['c', 0],
      ],
      [['b', 5]],
      [
        ['e', 0],
        ['d', 0],
      ],
    ];
    peers.forEach((doc, p) => {
      for (const [id, index] of moves[p]!) {
        const rank = moveToIndex(readItems(doc) as { id: string; rank?: string }[], id, index);
        updateItem(doc, id, { rank });
      }
    });
    exchange(peers, 3);
    const order = (doc: Y.Doc) =>
      rankedOrder(readItems(doc) as { id: string; rank?: string }[]).map((i) => i.id);
    const first = order(peers[0]!);
    expect([...first].sort()).toEqual(ids);
    for (const doc of peers) expect(order(doc)).toEqual(first);
  });
});

describe('frames bound to teams and lanes', () => {
  function board() {
    const doc = new Y.Doc();
    ensureLanes(doc);
    addItem(doc, makeFrame({ id: 'row', x: 0, y: 0, w: 1000, h: 400, z: 'a0', createdBy: 't' }));
    addItem(
      doc,
      makeFrame({
        id: 'cell',
        x: 500,
        y: 0,
        w: 500,
        h: 400,
        z: 'a1',
        createdBy: 't',
        laneId: 'next',
      }),
    );
    addItem(doc, makeSticky({ id: 'in', x: 100, y: 100, z: 'a2', createdBy: 't', teamId: 'old' }));
    addItem(doc, makeSticky({ id: 'cellcard', x: 600, y: 100, z: 'a3', createdBy: 't' }));
    addItem(doc, makeSticky({ id: 'out', x: 2000, y: 100, z: 'a4', createdBy: 't' }));
    return doc;
  }
  const fields = (doc: Y.Doc) =>
    Object.fromEntries(
      readItems(doc).map((i) => [
        i.id,
        [(i as { teamId?: string }).teamId, (i as { laneId?: string }).laneId],
      ]),
    );

  it('binding a frame to a team makes it a swimlane: the cards in it join the team', () => {
    const doc = board();
    expect(bindFrame(doc, 'row', { teamId: 'pay', laneId: null })).toEqual(['in', 'cellcard']);
    expect(fields(doc)).toMatchObject({
      row: ['pay', undefined],
      in: ['pay', undefined],
      // The lane cell inside the swimlane still gives its own lane.
      cellcard: ['pay', 'next'],
      out: [undefined, undefined],
    });
  });

  it('unbinding leaves the cards as they are; a missing frame or a card is refused', () => {
    const doc = board();
    bindFrame(doc, 'row', { teamId: 'pay', laneId: 'now' });
    expect(bindFrame(doc, 'row', { teamId: null, laneId: null })).toEqual([]);
    expect(fields(doc)).toMatchObject({ row: [undefined, undefined], in: ['pay', 'now'] });
    expect(bindFrame(doc, 'nope', { teamId: 'pay', laneId: null })).toBe(false);
    expect(bindFrame(doc, 'in', { teamId: 'pay', laneId: null })).toBe(false);
  });

  it('removing a lane unplans its cards and unbinds its frames, in one transaction', () => {
    const doc = board();
    bindFrame(doc, 'row', { teamId: 'pay', laneId: null });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(removeLane(doc, 'next')).toBe(true);
    expect(transactions).toBe(1);
    expect(readLanes(doc).map((l) => l.id)).toEqual(['now', 'later']);
    expect(fields(doc)).toMatchObject({
      cell: [undefined, undefined],
      cellcard: ['pay', undefined],
      in: ['pay', undefined],
    });
  });
});

describe('revealing votes kept off the board', () => {
  it('writes every ballot and the revealed state in one transaction, skipping deleted items', () => {
    const doc = new Y.Doc();
    addItem(doc, makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 't' }));
    startVote(doc, { id: 'v', budget: 3, startedBy: 'f', itemIds: ['a'] });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    revealVotes(doc, { a: { ada: 2, bob: 1, eve: 0 }, gone: { ada: 1 } });
    expect(transactions).toBe(1);
    expect(readVotes(doc)).toEqual({ a: { ada: 2, bob: 1 } });
    expect(readVoteSession(doc).state).toBe('revealed');
  });
});
