import { ALIGN_OPS, selectionIsOneGroup } from '@weboard/shared';
import type { AlignOp, BoardItem, Point } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { readClipboard, writeClipboard } from './clipboard-bridge';
import { copyFragment, pasteFragment } from './paste-fragment';

/** One line of the context menu. */
export interface MenuEntry {
  id: string;
  label: string;
  /** Shortcut in keyLabel's notation, shown at the right. */
  keys?: string;
  /** A small icon-sized entry shown in a row (align), rather than a line of text. */
  compact?: AlignOp;
  /** True when the entry changes the board (hidden from whoever may not change it). */
  writes: boolean;
  run(): void | Promise<void>;
}

const ALIGN_NAMES: Record<AlignOp, string> = {
  left: 'Align left',
  center: 'Align centres',
  right: 'Align right',
  top: 'Align top',
  middle: 'Align middles',
  bottom: 'Align bottom',
};

const lockable = (item: BoardItem) => item.type !== 'connector' && item.type !== 'pen';
const hasText = (item: BoardItem) =>
  item.type === 'sticky' || item.type === 'text' || item.type === 'shape' || item.type === 'frame';

/**
 * What the context menu offers, in order: for a selection (copy, paste, duplicate, delete,
 * stacking, group, align, lock, edit text) or for empty canvas at `at` (paste, add note, zoom to
 * fit, select all). Whoever may not change the board gets only the entries that do not write.
 */
export function contextMenuEntries(editor: BoardEditor, onItems: boolean, at: Point): MenuEntry[] {
  const paste = async () => {
    const text = await readClipboard();
    if (text) await pasteFragment(editor, text);
  };
  const entries: MenuEntry[] = [];
  if (!onItems) {
    entries.push(
      { id: 'paste', label: 'Paste', keys: 'mod+v', writes: true, run: paste },
      {
        id: 'add-note',
        label: 'Add sticky note here',
        keys: 'S',
        writes: true,
        run: () => void editor.createStickyAt(at),
      },
      {
        id: 'zoom-fit',
        label: 'Zoom to fit',
        keys: 'shift+1',
        writes: false,
        run: () => void editor.zoomToFit(),
      },
      {
        id: 'select-all',
        label: 'Select all',
        keys: 'mod+a',
        writes: false,
        run: () => void editor.selectAll(),
      },
    );
    return entries.filter((e) => !e.writes || editor.canEdit);
  }

  const chosen = editor.selection
    .get()
    .map((id) => editor.lookup(id))
    .filter((item): item is BoardItem => !!item);
  const changeable = chosen.filter((item) => editor.canChange(item));
  const all = editor.items.get();
  const entered = editor.enteredGroup.get();
  entries.push(
    {
      id: 'copy',
      label: 'Copy',
      keys: 'mod+c',
      writes: false,
      run: async () => {
        const text = copyFragment(editor);
        if (text) await writeClipboard(text);
      },
    },
    { id: 'paste', label: 'Paste', keys: 'mod+v', writes: true, run: paste },
  );
  if (changeable.length > 0) {
    entries.push(
      {
        id: 'duplicate',
        label: 'Duplicate',
        keys: 'mod+d',
        writes: true,
        run: () => void editor.duplicateSelection(),
      },
      {
        id: 'delete',
        label: 'Delete',
        keys: 'Delete',
        writes: true,
        run: () => editor.deleteSelection(),
      },
      {
        id: 'front',
        label: 'Bring to front',
        keys: 'shift+]',
        writes: true,
        run: () => editor.reorderSelection('front'),
      },
      {
        id: 'back',
        label: 'Send to back',
        keys: 'shift+[',
        writes: true,
        run: () => editor.reorderSelection('back'),
      },
    );
    if (selectionIsOneGroup(chosen, all, entered)) {
      entries.push({
        id: 'ungroup',
        label: 'Ungroup',
        keys: 'mod+shift+g',
        writes: true,
        run: () => void editor.ungroupSelection(),
      });
    } else if (chosen.length > 1) {
      entries.push({
        id: 'group',
        label: 'Group',
        keys: 'mod+g',
        writes: true,
        run: () => void editor.groupSelection(),
      });
    }
    if (editor.arrangeUnits() > 1) {
      for (const op of ALIGN_OPS) {
        entries.push({
          id: `align-${op}`,
          label: ALIGN_NAMES[op],
          compact: op,
          writes: true,
          run: () => void editor.alignSelection(op),
        });
      }
    }
  }
  const lockables = chosen.filter(lockable);
  if (editor.role === 'facilitator' && lockables.length > 0) {
    const allLocked = lockables.every((item) => (item as { locked?: boolean }).locked === true);
    entries.push({
      id: 'lock',
      label: allLocked ? 'Unlock' : 'Lock',
      writes: true,
      run: () => {
        for (const item of lockables) editor.updateItem(item.id, { locked: !allLocked });
      },
    });
  }
  const only = chosen.length === 1 ? chosen[0]! : null;
  if (only && hasText(only) && editor.canChange(only)) {
    entries.push({
      id: 'edit-text',
      label: only.type === 'frame' ? 'Edit title' : 'Edit text',
      keys: 'Enter',
      writes: true,
      run: () => editor.startEditing(only.id),
    });
  }
  return entries.filter((e) => !e.writes || editor.canEdit);
}
