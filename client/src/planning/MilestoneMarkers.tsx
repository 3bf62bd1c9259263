import { PALETTE, isFrame, laneColumns, milestonesByLane } from '@weboard/shared';
import type { LaneColumn } from '@weboard/shared';
import { useMemo } from 'react';
import { Group, Rect, Text } from 'react-konva';
import { useStoreValue } from '../canvas/items/use-item';
import { FONT_FAMILY } from '../canvas/theme';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import type { Planning } from './planning';
import { usePi } from './pi-state';

const ROW = 30;
const INK = '#6d28d9';

/**
 * Milestones on the iteration axis: above each iteration's column of the swimlanes (the frames
 * bound to that lane), one flag per milestone, stacked upwards. Milestones of an iteration with no
 * frame on the board, or with a date only, are listed in the PI panel alone.
 */
export function MilestoneMarkers({ planning }: { planning: Planning }) {
  const { milestones } = usePi();
  if (milestones.length === 0) return null;
  return <Markers planning={planning} />;
}

function Markers({ planning }: { planning: Planning }) {
  const editor = useEditor();
  const { milestones } = usePi();
  const { lanes } = useStore(planning.state);
  // Compared as text, so moving a card (or anything but a lane's frame) does not redraw the flags.
  const columnsKey = useStoreValue(editor.items, (items) =>
    JSON.stringify([...laneColumns(items.filter(isFrame))]),
  );
  const columns = useMemo(
    () => new Map(JSON.parse(columnsKey) as [string, LaneColumn][]),
    [columnsKey],
  );
  const byLane = milestonesByLane(milestones, lanes);
  return (
    <Group name="milestones">
      {[...byLane].flatMap(([laneId, list]) => {
        const column = columns.get(laneId);
        if (!column) return [];
        const width = Math.max(80, column.right - column.left - 16);
        return list.map((milestone, i) => {
          const label = `◆ ${milestone.name}${milestone.date ? ` · ${milestone.date}` : ''}`;
          return (
            <Group
              key={milestone.id}
              name="milestone-marker"
              milestoneId={milestone.id}
              laneId={laneId}
              x={column.left + 8}
              y={column.top - (i + 1) * ROW}
            >
              <Rect
                width={Math.min(width, 24 + label.length * 9.5)}
                height={ROW - 4}
                cornerRadius={6}
                fill={PALETTE.violet}
                stroke={INK}
                strokeWidth={1}
              />
              <Text
                x={8}
                y={5}
                text={label}
                fontFamily={FONT_FAMILY}
                fontSize={15}
                fontStyle="bold"
                fill={INK}
                width={Math.min(width, 24 + label.length * 9.5) - 12}
                wrap="none"
                ellipsis
              />
            </Group>
          );
        });
      })}
    </Group>
  );
}
