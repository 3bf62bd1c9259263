import { alignMoves, distributeMoves, groupAtLevel, unionBoxes } from '@weboard/shared';
import type { AlignOp, ArrangeUnit, BoardItem, DistributeAxis, Point } from '@weboard/shared';
import type { EditorContext } from './context';
import type { Store } from '../lib/store';

/** Align and distribute, as the editor offers them. */
export interface ArrangeApi {
  /** How many units (items, or whole groups) align and distribute would move. */
  arrangeUnits(): number;
  /** Aligns the selection's units to its bounds, as one undo step; false when nothing moved. */
  alignSelection(op: AlignOp): boolean;
  /** Spaces the selection's units evenly along an axis (three or more); false when none moved. */
  distributeSelection(axis: DistributeAxis): boolean;
}

/** A connector with an attached end follows its items; aligning it on its own would tear it. */
const followsItems = (item: BoardItem) =>
  item.type === 'connector' && (item.from.itemId !== null || item.to.itemId !== null);

/**
 * Align and distribute the selection (rules in shared/src/arrange/align.ts): each group at the
 * current level moves as one unit, a frame carries what is inside it, and the whole change is one
 * undo step through the gate. Items we may not move (locked ones) stay where they are.
 */
export function arrangeActions(ctx: EditorContext, entered: Store<string | null>): ArrangeApi {
  const { gate, undo } = ctx;

  const units = (): { unit: ArrangeUnit; members: BoardItem[] }[] => {
    const editor = ctx.self();
    const byUnit = new Map<string, BoardItem[]>();
    for (const item of ctx.selectedItems()) {
      if (!editor.canMove(item) || followsItems(item)) continue;
      const key = groupAtLevel(item, entered.get()) ?? item.id;
      const members = byUnit.get(key);
      if (members) members.push(item);
      else byUnit.set(key, [item]);
    }
    return [...byUnit].map(([id, members]) => ({
      unit: { id, box: unionBoxes(members.map(ctx.itemBox))! },
      members,
    }));
  };

  const apply = (moves: Map<string, Point>, all: ReturnType<typeof units>) => {
    if (moves.size === 0) return false;
    const editor = ctx.self();
    return undo.step(() =>
      gate.write(() => {
        for (const { unit, members } of all) {
          const move = moves.get(unit.id);
          if (!move) continue;
          const origins = [...members, ...editor.carried(members.map((m) => m.id))];
          editor.moveItems(origins, move.x, move.y);
        }
      }),
    );
  };

  return {
    arrangeUnits: () => units().length,
    alignSelection(op) {
      const all = units();
      return apply(
        alignMoves(
          all.map((u) => u.unit),
          op,
        ),
        all,
      );
    },
    distributeSelection(axis) {
      const all = units();
      return apply(
        distributeMoves(
          all.map((u) => u.unit),
          axis,
        ),
        all,
      );
    },
  };
}
