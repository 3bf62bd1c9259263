import {
  clickTargets,
  groupAtLevel,
  groupAwareCatch,
  groupMembers,
  groupPatches,
  inGroup,
  newItemId,
  ungroupPatches,
  updateItems,
} from '@weboard/shared';
import type { BoardItem, ItemPatch } from '@weboard/shared';
import type { EditorContext } from './context';
import type { BoardEditor } from './editor';
import { LOCAL_ORIGIN } from './gate';
import type { Store } from '../lib/store';

/** What the editor offers for groups (beside the ToolHost calls the select tool uses). */
export interface GroupingApi {
  /** The group we are inside (after a double-click on a group), or null at the board level. */
  readonly enteredGroup: Store<string | null>;
  /** Ctrl+G: makes the selection one group (one undo step); false when nothing changed. */
  groupSelection(): boolean;
  /** Ctrl+Shift+G: dissolves the selection's groups at the current level; false when none. */
  ungroupSelection(): boolean;
  /** Leaves the group we are inside, selecting it whole; false when we are in none. */
  exitGroup(): boolean;
}

type GroupingActions = Omit<GroupingApi, 'enteredGroup'> &
  Pick<BoardEditor, 'clickTargets' | 'catchTargets' | 'enterGroup'>;

/**
 * Grouping (shared/src/arrange/groups.ts keeps the rules): Ctrl+G makes the selection one group,
 * Ctrl+Shift+G dissolves it, a click selects a whole group, a double-click enters it so the next
 * click selects one member. Which group we are inside is ours alone, never stored.
 */
export function groupingActions(
  ctx: EditorContext,
  entered: Store<string | null>,
): GroupingActions {
  const { doc, gate, undo, items, selection } = ctx;
  /** Every item, bottom first, listed only when iterated. */
  const everyItem: Iterable<BoardItem> = {
    [Symbol.iterator]: () => items.get()[Symbol.iterator](),
  };

  // Selecting anything outside the group we are in (or nothing) leaves the group, as in Excalidraw.
  selection.subscribe(() => {
    const group = entered.get();
    if (group === null) return;
    const chosen = selection.get();
    const outside = chosen.some((id) => {
      const item = ctx.lookup(id);
      return !item || !inGroup(item, group);
    });
    if (chosen.length === 0 || outside) entered.set(null);
  });

  const regroup = (patches: [string, string[]][]) => {
    if (patches.length === 0) return false;
    const ids = patches.map(([id]) => id);
    return undo.step(() =>
      gate.write(
        () =>
          updateItems(
            doc,
            patches.map(([id, groupIds]) => [id, { groupIds } as ItemPatch] as const),
            LOCAL_ORIGIN,
          ),
        ids,
      ),
    );
  };

  return {
    groupSelection() {
      return regroup(groupPatches(ctx.selectedItems(), newItemId(), entered.get()));
    },
    ungroupSelection() {
      return regroup(ungroupPatches(ctx.selectedItems(), entered.get()));
    },
    clickTargets(item) {
      const group = entered.get();
      if (group !== null && !inGroup(item, group)) entered.set(null);
      // The board's items are read (and, after a change, listed afresh) only for a grouped item.
      return clickTargets(item, everyItem, entered.get());
    },
    catchTargets(caught) {
      return groupAwareCatch(caught, items.get(), entered.get());
    },
    enterGroup(item) {
      const group = groupAtLevel(item, entered.get());
      if (group === null) return false;
      entered.set(group);
      ctx.self().select(clickTargets(item, items.get(), group));
      return true;
    },
    exitGroup() {
      const group = entered.get();
      if (group === null) return false;
      entered.set(null);
      ctx.self().select(groupMembers(items.get(), group));
      return true;
    },
  };
}
