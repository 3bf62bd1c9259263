import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { makeConnector, makeSticky } from '../schema';
import { addItem, initBoard, itemText, readItems, updateItem } from './board-doc';
import { BOARD_FILE_VERSION, boardFileToDoc, exportBoardFile, parseBoardFile } from './board-file';
import { reconcileBoard } from './reconcile';
import {
  addTime,
  pauseTimer,
  readTimer,
  setTimer,
  startTimer,
  timerRemaining,
  writeTimer,
} from './session';

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, 'Plan');
  addItem(doc, makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 'ann', text: 'Alpha' }, 1));
  addItem(doc, makeSticky({ id: 'b', x: 10, y: 0, z: 'a1', createdBy: 'ann', text: 'Beta' }, 1));
  const votes = doc.getMap<Y.Map<unknown>>('votes');
  const a = new Y.Map<unknown>();
  a.set('ann', 2);
  votes.set('a', a);
  return doc;
}

function copy(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

describe('reconcileBoard', () => {
  it('makes a changed board equal to its earlier state as one transaction, keeping the session', () => {
    const live = board();
    const target = copy(live);
    updateItem(live, 'a', { x: 99, text: 'Alpha!' });
    deleteB(live);
    addItem(live, makeSticky({ id: 'c', x: 0, y: 0, z: 'a2', createdBy: 'bo' }, 2));
    (live.getMap('votes').get('a') as Y.Map<unknown>).set('bo', 1);
    live.getMap('teams').set('t1', new Y.Map());
    writeTimer(live, setTimer(60_000));
    const textBefore = itemText(live, 'a');

    let transactions = 0;
    live.on('afterTransaction', () => transactions++);
    reconcileBoard(live, target, { origin: 'restore' });
    expect(transactions).toBe(1);
    expect(exportBoardFile(live, 'x')).toEqual(exportBoardFile(target, 'x'));
    // Texts are spliced in place, not replaced, so a concurrent edit of them merges.
    expect(itemText(live, 'a')).toBe(textBefore);
    expect(readTimer(live)).not.toBeNull();
  });

  it('reaches a peer as an ordinary update', () => {
    const live = board();
    const peer = copy(live);
    const target = copy(live);
    updateItem(live, 'b', { color: 'blue' });
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live));
    live.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));
    reconcileBoard(live, target);
    const b = readItems(peer).find((i) => i.id === 'b');
    expect(b && 'color' in b ? b.color : undefined).toBe('yellow');
  });
});

function deleteB(doc: Y.Doc) {
  doc.getMap('items').delete('b');
}

describe('board file', () => {
  it('round-trips a board exactly', () => {
    const doc = board();
    addItem(
      doc,
      makeConnector(
        {
          id: 'd',
          z: 'a3',
          createdBy: 'ann',
          kind: 'depends-on',
          from: { itemId: 'a', x: 0, y: 0 },
          to: { itemId: 'b', x: 10, y: 0 },
        },
        1,
      ),
    );
    const team = new Y.Map<unknown>();
    team.set('name', 'Core');
    doc.getMap('teams').set('t1', team);
    const file = exportBoardFile(doc, 'then');
    const json = JSON.parse(JSON.stringify(file)) as unknown;
    const parsed = parseBoardFile(json);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(exportBoardFile(boardFileToDoc(parsed.file), 'then')).toEqual(file);
  });

  it.each([
    ['not an object', [1, 2]],
    ['another format', { format: 'miro', version: 1 }],
    ['a newer file version', { format: 'weboard', version: BOARD_FILE_VERSION + 1 }],
    [
      'a newer schema',
      { format: 'weboard', version: 1, meta: { schemaVersion: 99, title: 'x' }, items: [] },
    ],
    [
      'an invalid item',
      { format: 'weboard', version: 1, meta: { schemaVersion: 1, title: 'x' }, items: [{ id: 1 }] },
    ],
    ['no items', { format: 'weboard', version: 1, meta: { schemaVersion: 1, title: 'x' } }],
  ])('refuses %s with a reason', (_name, json) => {
    const parsed = parseBoardFile(json);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(5);
  });

  it('says which version it reads', () => {
    const parsed = parseBoardFile({ format: 'weboard', version: 2 });
    expect(parsed.ok ? '' : parsed.error).toMatch(/version 2.*up to version 1/);
  });
});

describe('session timer', () => {
  it('sets, starts, pauses and adds time', () => {
    let timer = setTimer(60_000);
    expect(timerRemaining(timer, 5_000)).toBe(60_000);
    timer = startTimer(timer, 1_000);
    expect(timerRemaining(timer, 11_000)).toBe(50_000);
    timer = pauseTimer(timer, 11_000);
    expect(timerRemaining(timer, 99_000)).toBe(50_000);
    timer = addTime(timer, 30_000, 99_000);
    expect(timer).toEqual({ durationMs: 90_000, remainingMs: 80_000, startedAt: null });
    timer = startTimer(timer, 100_000);
    expect(timerRemaining(timer, 200_000)).toBe(-20_000);
  });
});
