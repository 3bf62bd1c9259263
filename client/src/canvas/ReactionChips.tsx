import type { ReactionCount } from '@weboard/shared';
import { Group, Rect, Text } from 'react-konva';
import { userId } from '../collab/identity';
import type { BoardEditor } from '../editor/editor';
import { useItem } from './items/use-item';
import { useReactionTallies } from './reactions';
import { FONT_FAMILY } from './theme';

const CHIP_H = 22;
const CHIP_PAD = 7;

/** The emoji reactions on the items in view, as chips hanging on each item's bottom edge. */
export function ReactionChips({ ids, editor }: { ids: readonly string[]; editor: BoardEditor }) {
  const tallies = useReactionTallies(editor.doc, userId());
  if (tallies.size === 0) return null;
  return (
    <>
      {ids.map((id) => {
        const counts = tallies.get(id);
        return counts ? <ItemChips key={id} id={id} counts={counts} editor={editor} /> : null;
      })}
    </>
  );
}

function ItemChips({
  id,
  counts,
  editor,
}: {
  id: string;
  counts: ReactionCount[];
  editor: BoardEditor;
}) {
  const item = useItem(editor.items, id);
  if (!item) return null;
  const labels = counts.map((c) => `${c.emoji} ${c.count}`);
  const widths = labels.map((label) => 14 + label.length * 7);
  // Each chip starts where the ones before it (and a 4-unit gap) end.
  const starts = widths.map((_, i) => 8 + widths.slice(0, i).reduce((sum, w) => sum + w + 4, 0));
  return (
    // `cardId` tells a partial redraw of the layer which item these chips belong to.
    <Group x={item.x} y={item.y + item.h - CHIP_H / 2} rotation={item.rotation} cardId={id}>
      {counts.map((count, i) => {
        return (
          <Group key={count.emoji} x={starts[i]} name="reaction-chip">
            <Rect
              width={widths[i]}
              height={CHIP_H}
              cornerRadius={CHIP_H / 2}
              fill={count.mine ? '#eef2ff' : '#ffffff'}
              stroke={count.mine ? '#6366f1' : 'rgba(15, 23, 42, 0.15)'}
              strokeWidth={1}
            />
            <Text
              x={CHIP_PAD}
              y={4}
              text={labels[i]}
              fontFamily={FONT_FAMILY}
              fontSize={13}
              fill="#1f2937"
            />
          </Group>
        );
      })}
    </Group>
  );
}
