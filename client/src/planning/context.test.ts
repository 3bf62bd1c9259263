import { makeSticky } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { board } from '../editor/test-board';
import { sharedPlanningView } from './context';
import { createPlanning } from './planning';

describe('sharedPlanningView', () => {
  it('derives the view once per revision and state, however many ask, and again after a change', () => {
    const { editor } = board(
      makeSticky({ id: 'a', x: 0, y: 0, z: 'a0', createdBy: 'u', text: 'A', rank: 'a0' }),
    );
    const planning = createPlanning(editor, 'b1', 'u1', 'Ada', 'token');
    let reads = 0;
    const items = () => {
      reads++;
      return editor.items.get();
    };
    const ask = () =>
      sharedPlanningView(planning, planning.revision.get(), planning.state.get(), items);
    const first = ask();
    expect(ask()).toBe(first);
    expect(ask()).toBe(first);
    expect(reads).toBe(1);
    expect(first.backlog.map((card) => card.id)).toEqual(['a']);

    editor.doc.transact(() => editor.doc.getMap('items').delete('a'));
    const after = ask();
    expect(after).not.toBe(first);
    expect(after.backlog).toEqual([]);
    expect(reads).toBe(2);
    planning.dispose();
    editor.dispose();
  });
});
