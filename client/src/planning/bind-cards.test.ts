import { addItem, deleteItems, makeFrame, makeSticky, updateItem } from '@weboard/shared';
import type { StickyItem } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import { board, drag } from '../editor/test-board';
import { bindCards } from './planning';

const frame = (id: string, x: number, teamId: string, z: string) =>
  makeFrame({ id, x, y: 0, w: 600, h: 600, z, createdBy: 'u', teamId });

describe('bindCards', () => {
  it('a card dropped into a frame takes its team, with frames added, moved and removed by others', () => {
    const { doc, editor, item } = board(
      frame('pay', 0, 'payments', 'a0'),
      makeSticky({ id: 'c', x: 3000, y: 3000, z: 'a1', createdBy: 'u', text: 'C' }),
    );
    const stop = bindCards(editor, () => null);
    const team = () => (item('c') as StickyItem).teamId;
    // Drags the card by its middle so that its middle lands on (x, y).
    const dropAt = (x: number, y: number) => {
      const c = item('c');
      drag(editor, [c.x + 100, c.y + 100], [x, y]);
      editor.select([]);
    };

    dropAt(300, 300);
    expect(team()).toBe('payments');

    // Someone else adds a frame: a card dropped into it takes its team.
    addItem(doc, frame('acc', 1000, 'accounts', 'a2'));
    dropAt(1300, 300);
    expect(team()).toBe('accounts');

    // Someone else moves the payments frame: a card dropped where it is now takes its team.
    updateItem(doc, 'pay', { x: 2000 });
    dropAt(2300, 300);
    expect(team()).toBe('payments');

    // Someone else removes the accounts frame: a card dropped where it was keeps its team.
    deleteItems(doc, ['acc']);
    dropAt(1300, 300);
    expect(team()).toBe('payments');
    stop();
    editor.dispose();
  });
});
