import {
  addItems,
  boxesIntersect,
  decodeFragment,
  encodeFragment,
  instantiateFragment,
  itemBounds,
  newItemId,
  topZ,
  unionBoxes,
} from '@weboard/shared';
import type { BoardItem } from '@weboard/shared';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { LOCAL_ORIGIN } from './gate';

/** How far a paste or duplicate lands from its original, in board units. */
export const PASTE_OFFSET = 24;

type ClipboardActions = Pick<BoardEditor, 'copySelection' | 'paste' | 'duplicateSelection'>;

/** Copy, paste and duplicate, through our JSON fragment (shared/src/doc/fragment.ts). */
export function clipboardActions(ctx: EditorContext): ClipboardActions {
  const { doc, gate, undo, lookup } = ctx;
  return {
    copySelection(grantOf) {
      const chosen = ctx.selectedItems();
      return chosen.length === 0 ? null : encodeFragment(chosen, lookup, grantOf);
    },
    paste(text) {
      const fragment = decodeFragment(text);
      if (!fragment || !gate.writable()) return fragment ? [] : null;
      if (fragment.length === 0) return [];
      const bounds = unionBoxes(
        fragment.map((item) => itemBounds(item, (id) => fragment.find((i) => i.id === id))),
      )!;
      const view = ctx.visibleBox();
      let dx = 0;
      let dy = 0;
      if (fragment.every((item) => lookup(item.id))) {
        // Pasting onto the board the items came from: beside the originals, as everyone does.
        dx = dy = PASTE_OFFSET;
      }
      if (view.w > 0 && !boxesIntersect({ ...bounds, x: bounds.x + dx, y: bounds.y + dy }, view)) {
        // Out of sight: land in the middle of what we are looking at.
        dx = view.x + view.w / 2 - (bounds.x + bounds.w / 2);
        dy = view.y + view.h / 2 - (bounds.y + bounds.h / 2);
      }
      const copies = instantiateFragment(fragment, {
        newId: newItemId,
        dx: Math.round(dx),
        dy: Math.round(dy),
        topZ: topZ(doc),
        createdBy: ctx.author(),
        now: Date.now(),
      });
      // A copy of a locked item is an ordinary item unless a facilitator makes it.
      const pasted =
        ctx.role === 'facilitator'
          ? copies
          : copies.map((item) => {
              if (!('locked' in item)) return item;
              const { locked: _locked, ...unlocked } = item;
              return unlocked as BoardItem;
            });
      undo.step(() => gate.write(() => addItems(doc, pasted, LOCAL_ORIGIN)));
      const ids = pasted.map((item) => item.id);
      ctx.selection.set(ids);
      return ids;
    },
    duplicateSelection() {
      const editor = ctx.self();
      const text = editor.copySelection();
      return text ? editor.paste(text) : null;
    },
  };
}
