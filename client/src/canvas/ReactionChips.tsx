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
  let x = 8;
  return (
    // `cardId` tells a partial redraw of the layer which item these chips belong to.
    <Group x={item.x} y={item.y + item.h - CHIP_H / 2} rotation={item.rotation} cardId={id}>
      {counts.map((count, i) => {
        const chipX = x;
        x += widths[i]! + 4;
        return (
          <Group key={count.emoji} x={chipX} name="reaction-chip">
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
