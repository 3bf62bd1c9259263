import {
  assessLoad,
  capacityByCell,
  cellKey,
  formatLoad,
  formatOverflow,
  isFrame,
  loadOf,
} from '@weboard/shared';
import { Group, Rect, Text } from 'react-konva';
import { memo, useMemo } from 'react';
import { FONT_FAMILY } from '../canvas/theme';
import { useItem } from '../canvas/items/use-item';
import type { BoardEditor } from '../editor/editor';
import type { PlanningState } from './planning';
import type { PlanningView } from './view';
import { HEALTH_COLOR } from './view';

const LABEL_W = 150;
const LABEL_H = 22;

/**
 * Each swimlane cell's load against its team's capacity for that iteration, drawn at the cell's
 * top-right corner ("13 / 10 pts", red with "+3" when over). A cell is a frame bound to a team and
 * a lane; only cells being drawn (`ids`) get a label.
 */
export function CellLoadLabels({
  editor,
  ids,
  view,
  state,
}: {
  editor: BoardEditor;
  ids: readonly string[];
  view: PlanningView;
  state: PlanningState;
}) {
  const capacities = useMemo(() => capacityByCell(state.capacities), [state.capacities]);
  const cells: { id: string; text: string; overflow: string; over: boolean }[] = [];
  for (const id of ids) {
    const frame = editor.items.byId(id);
    if (!frame || !isFrame(frame) || !frame.teamId || !frame.laneId) continue;
    const load = loadOf(view.loads, frame.teamId, frame.laneId);
    const capacity = capacities.get(cellKey(frame.teamId, frame.laneId));
    if (capacity === undefined && load.cards === 0) continue;
    const assessment = assessLoad(load.points, capacity);
    cells.push({
      id,
      text: formatLoad(assessment),
      overflow: formatOverflow(assessment),
      over: assessment.status === 'over',
    });
  }
  return (
    <>
      {cells.map((cell) => (
        <CellLabel key={cell.id} editor={editor} {...cell} />
      ))}
    </>
  );
}

const CellLabel = memo(function CellLabel({
  editor,
  id,
  text,
  overflow,
  over,
}: {
  editor: BoardEditor;
  id: string;
  text: string;
  overflow: string;
  over: boolean;
}) {
  const frame = useItem(editor.items, id);
  if (!frame) return null;
  const label = overflow ? `${text}  ${overflow}` : text;
  return (
    // `cardId` ties the label to its frame for partial redraws of the layer.
    <Group x={frame.x + frame.w - LABEL_W - 8} y={frame.y + 8} cardId={id} name="cell-load">
      <Rect
        width={LABEL_W}
        height={LABEL_H}
        cornerRadius={11}
        fill={over ? '#fee2e2' : '#f3f4f6'}
        stroke={over ? HEALTH_COLOR.red : '#d1d5db'}
        strokeWidth={1}
      />
      <Text
        x={8}
        y={5}
        width={LABEL_W - 16}
        align="right"
        text={label}
        fontFamily={FONT_FAMILY}
        fontSize={12}
        fontStyle="bold"
        fill={over ? HEALTH_COLOR.red : '#374151'}
        wrap="none"
        ellipsis
      />
    </Group>
  );
});
