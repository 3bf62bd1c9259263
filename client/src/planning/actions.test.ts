import { getItem, readLanes, readTeams, updateItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from '../editor/editor';
import * as actions from './actions';

const team = { id: 'payments', name: 'Payments', color: 'blue' } as const;

function board(role: 'viewer' | 'editor' | 'facilitator') {
  const doc = new Y.Doc();
  const editor = createBoardEditor(doc, role, 'Ada');
  return { doc, editor };
}

describe('planning actions', () => {
  it('write through the editor, tagged as our own change', () => {
    const { doc, editor } = board('editor');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    expect(actions.saveTeam(editor, team)).toBe(true);
    expect(actions.addLane(editor, 'Soon')).toBe(true);
    expect(readTeams(doc)).toMatchObject([team]);
    expect(readLanes(doc).map((l) => l.name)).toContain('Soon');
    expect(new Set(origins)).toEqual(new Set(['weboard:local']));
  });

  it('change nothing for a viewer or while a snapshot is previewed', () => {
    const viewer = board('viewer');
    expect(actions.saveTeam(viewer.editor, team)).toBe(false);
    expect(readTeams(viewer.doc)).toEqual([]);

    const { doc, editor } = board('facilitator');
    const card = editor.createStickyAt({ x: 0, y: 0 })!;
    editor.setReadOnly('preview', true);
    const before = JSON.stringify(doc.toJSON());
    expect(actions.saveTeam(editor, team)).toBe(false);
    expect(actions.setCardFields(editor, card, { estimate: 3 })).toBe(false);
    expect(actions.setRanks(editor, { [card]: 'a5' })).toBe(false);
    expect(actions.setVoteState(editor, 'ended')).toBe(false);
    expect(actions.ensureDefaultLanes(editor)).toBe(false);
    expect(JSON.stringify(doc.toJSON())).toBe(before);
  });

  it("leave a locked card's planning to facilitators", () => {
    const { doc, editor: fay } = board('facilitator');
    const ed = createBoardEditor(doc, 'editor', 'Ed');
    const locked = fay.createStickyAt({ x: 0, y: 0 })!;
    const free = fay.createStickyAt({ x: 400, y: 0 })!;
    updateItem(doc, locked, { locked: true, rank: 'a1' });
    expect(actions.setCardFields(ed, locked, { estimate: 5 })).toBe(false);
    expect(actions.clearCardFields(ed, locked, ['rank'])).toBe(false);
    // A reorder moves the cards an editor may move; the locked one keeps its rank.
    expect(actions.setRanks(ed, { [locked]: 'a9', [free]: 'a0' })).toBe(true);
    expect(getItem(doc, locked)).toMatchObject({ rank: 'a1' });
    expect(getItem(doc, free)).toMatchObject({ rank: 'a0' });
    expect(actions.setCardFields(fay, locked, { estimate: 5 })).toBe(true);
    expect(getItem(doc, locked)).toMatchObject({ estimate: 5 });
  });
});
