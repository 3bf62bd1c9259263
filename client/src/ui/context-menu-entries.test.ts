import { addItem, makeShape, makeSticky } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardEditor } from '../editor/editor';
import { contextMenuEntries } from './context-menu-entries';

function editorAs(role: Role) {
  const doc = new Y.Doc();
  addItem(doc, makeSticky({ id: 'a', x: 0, y: 0, z: 'a1', createdBy: 'x' }, 1));
  addItem(doc, makeShape({ id: 'b', x: 300, y: 0, z: 'a2', createdBy: 'x', groupIds: ['g'] }, 1));
  addItem(doc, makeShape({ id: 'c', x: 600, y: 0, z: 'a3', createdBy: 'x', groupIds: ['g'] }, 1));
  return createBoardEditor(doc, role, 'Ada');
}
const ids = (role: Role, selection: string[], onItems = true) => {
  const editor = editorAs(role);
  editor.select(selection);
  return contextMenuEntries(editor, onItems, { x: 0, y: 0 }).map((e) => e.id);
};

describe('context menu entries', () => {
  it.each<[string, Role, string[], boolean, string[]]>([
    [
      'an editor on one note',
      'editor',
      ['a'],
      true,
      ['copy', 'paste', 'duplicate', 'delete', 'front', 'back', 'edit-text'],
    ],
    [
      'an editor on a group',
      'editor',
      ['b', 'c'],
      true,
      ['copy', 'paste', 'duplicate', 'delete', 'front', 'back', 'ungroup'],
    ],
    [
      'a facilitator on two loose items',
      'facilitator',
      ['a', 'b', 'c'],
      true,
      [
        'copy',
        'paste',
        'duplicate',
        'delete',
        'front',
        'back',
        'group',
        'align-left',
        'align-center',
        'align-right',
        'align-top',
        'align-middle',
        'align-bottom',
        'lock',
      ],
    ],
    ['a viewer on a note: nothing that writes', 'viewer', ['a'], true, ['copy']],
    [
      'an editor on empty canvas',
      'editor',
      [],
      false,
      ['paste', 'add-note', 'zoom-fit', 'select-all'],
    ],
    ['a viewer on empty canvas', 'viewer', [], false, ['zoom-fit', 'select-all']],
  ])('%s', (_name, role, selection, onItems, expected) => {
    expect(ids(role, selection, onItems)).toEqual(expected);
  });

  it('offers no writes on a locked note to an editor, and unlock to a facilitator', () => {
    for (const [role, expected] of [
      ['editor', ['copy', 'paste']],
      [
        'facilitator',
        ['copy', 'paste', 'duplicate', 'delete', 'front', 'back', 'lock', 'edit-text'],
      ],
    ] as const) {
      const editor = editorAs(role);
      editor.doc.getMap<Y.Map<unknown>>('items').get('a')!.set('locked', true);
      editor.select(['a']);
      const entries = contextMenuEntries(editor, true, { x: 0, y: 0 });
      expect(entries.map((e) => e.id)).toEqual(expected);
      if (role === 'facilitator')
        expect(entries.find((e) => e.id === 'lock')!.label).toBe('Unlock');
    }
  });
});
