import { readConfidenceRound, readMilestones, readObjectives, readRisks } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from '../editor/editor';
import * as pi from './pi-actions';

const draft = { teamId: 'pay', text: 'Ship SEPA', kind: 'committed' } as const;

function board(role: 'viewer' | 'editor' | 'facilitator') {
  const doc = new Y.Doc();
  return { doc, editor: createBoardEditor(doc, role, 'Ada') };
}

describe('program-planning actions', () => {
  it('write objectives, risks and milestones through the editor, tagged as our own change', () => {
    const { doc, editor } = board('editor');
    const origins = new Set<unknown>();
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.add(tr.origin));
    expect(pi.addObjective(editor, draft, 'ada')).toBe(true);
    expect(pi.addRisk(editor, { text: 'Late', owner: '', teamId: null, itemId: null }, 'ada')).toBe(
      true,
    );
    expect(pi.saveMilestone(editor, { name: 'R1', laneId: 'now', date: null }, 'ada')).toBe(true);
    const risk = readRisks(doc)[0]!;
    expect(pi.moveRisk(editor, risk.id, 'owned')).toMatchObject({ ok: false });
    expect(pi.moveRisk(editor, risk.id, 'accepted')).toEqual({ ok: true });
    expect(readObjectives(doc)).toHaveLength(1);
    expect(readMilestones(doc)).toHaveLength(1);
    expect(readRisks(doc)[0]!.state).toBe('accepted');
    expect(origins).toEqual(new Set(['weboard:local']));
  });

  it('leave business values and the confidence vote to the facilitator', () => {
    const { doc, editor: fay } = board('facilitator');
    const ed = createBoardEditor(doc, 'editor', 'Ed');
    pi.addObjective(ed, draft, 'ed');
    const id = readObjectives(doc)[0]!.id;
    expect(pi.updateObjective(ed, id, { businessValue: 9 })).toBe(false);
    expect(pi.updateObjective(ed, id, { text: 'Ship SEPA now' })).toBe(true);
    expect(pi.startConfidence(ed, 'ed')).toBe(false);
    expect(readConfidenceRound(doc).state).toBe('idle');
    expect(pi.updateObjective(fay, id, { businessValue: 9 })).toBe(true);
    expect(pi.startConfidence(fay, 'fay')).toBe(true);
    expect(readObjectives(doc)[0]).toMatchObject({ text: 'Ship SEPA now', businessValue: 9 });
    expect(readConfidenceRound(doc).state).toBe('running');
  });

  it('change nothing for a viewer or while a snapshot is previewed', () => {
    const viewer = board('viewer');
    expect(pi.addObjective(viewer.editor, draft, 'v')).toBe(false);
    expect(pi.saveMilestone(viewer.editor, { name: 'R1', laneId: 'now', date: null }, 'v')).toBe(
      false,
    );
    expect(readObjectives(viewer.doc)).toEqual([]);

    const { doc, editor } = board('facilitator');
    pi.addRisk(editor, { text: 'Late', owner: 'Ada', teamId: null, itemId: null }, 'f');
    const risk = readRisks(doc)[0]!;
    editor.setReadOnly('preview', true);
    const before = JSON.stringify(doc.toJSON());
    expect(pi.moveRisk(editor, risk.id, 'owned')).toMatchObject({ ok: false });
    expect(pi.removeRisk(editor, risk.id)).toBe(false);
    expect(pi.startConfidence(editor, 'f')).toBe(false);
    expect(pi.addObjective(editor, draft, 'f')).toBe(false);
    expect(JSON.stringify(doc.toJSON())).toBe(before);
  });
});
