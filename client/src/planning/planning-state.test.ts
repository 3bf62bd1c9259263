import { ensureLanes, initBoard, setMember, setTeam } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board } from '../editor/test-board';
import { piStore } from './pi-state';
import { createPlanning } from './planning';

describe('planning state', () => {
  it('is read once for a change that touches several of its maps (a board arriving)', () => {
    const { editor } = board();
    const planning = createPlanning(editor, 'b1', 'u1', 'Ada', 'token');
    let reads = 0;
    const stop = planning.state.subscribe(() => reads++);

    // A remote board with teams, lanes and members, arriving in one update.
    const remote = new Y.Doc();
    initBoard(remote, 'B');
    setTeam(remote, { id: 't1', name: 'Blue', color: COLOR });
    ensureLanes(remote);
    setMember(remote, 'u2', { name: 'Bo', teamId: 't1' });
    Y.applyUpdate(editor.doc, Y.encodeStateAsUpdate(remote));

    expect(reads).toBe(1);
    expect(planning.state.get().teams.map((team) => team.id)).toEqual(['t1']);
    expect(planning.state.get().members['u2']?.teamId).toBe('t1');

    // Each later change is read again.
    setTeam(editor.doc, { id: 't2', name: 'Red', color: COLOR });
    expect(reads).toBe(2);
    stop();
    planning.dispose();
  });

  it('is read once for the program view too', () => {
    const { editor } = board();
    const pi = piStore(editor.doc);
    let reads = 0;
    const stop = pi.subscribe(() => reads++);
    const remote = new Y.Doc();
    remote.transact(() => {
      remote.getMap('objectives').set('o1', new Y.Map());
      remote.getMap('risks').set('r1', new Y.Map());
      remote.getMap('milestones').set('m1', new Y.Map());
    });
    Y.applyUpdate(editor.doc, Y.encodeStateAsUpdate(remote));
    expect(reads).toBe(1);
    stop();
  });
});

const COLOR = 'blue';
