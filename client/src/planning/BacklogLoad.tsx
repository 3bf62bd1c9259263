import {
  assessLoad,
  capacityByCell,
  cellKey,
  formatLoad,
  formatOverflow,
  formatPoints,
  loadOf,
} from '@weboard/shared';
import type { Team } from '@weboard/shared';
import { useMemo } from 'react';
import { TEAM_INK } from './bits';
import type { PlanningState } from './planning';
import type { PlanningView } from './view';

/** The backlog's load strip: each team × iteration with a capacity, over capacity in red. */
export function BacklogLoad({ view, state }: { view: PlanningView; state: PlanningState }) {
  const capacities = useMemo(() => capacityByCell(state.capacities), [state.capacities]);
  const cells = state.teams.flatMap((team) =>
    state.lanes.flatMap((lane) => {
      const capacity = capacities.get(cellKey(team.id, lane.id));
      if (capacity === undefined) return [];
      const assessment = assessLoad(loadOf(view.loads, team.id, lane.id).points, capacity);
      return [{ team, lane, assessment }];
    }),
  );
  if (cells.length === 0) return null;
  return (
    <ul className="backlog-load" data-testid="backlog-load">
      {cells.map(({ team, lane, assessment }) => (
        <li
          key={cellKey(team.id, lane.id)}
          data-testid="backlog-load-cell"
          data-team-id={team.id}
          data-lane-id={lane.id}
          data-status={assessment.status}
          className={assessment.status === 'over' ? 'over' : ''}
          style={{ borderColor: TEAM_INK[team.color] }}
        >
          {team.name} · {lane.name}: {formatLoad(assessment)}
          {assessment.status === 'over' && (
            <strong className="cell-overflow"> {formatOverflow(assessment)}</strong>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The marker drawn in the ranked backlog where a team's cards stop fitting its capacity. */
export function CutLineMarker({
  team,
  capacity,
  overflow,
}: {
  team: Team;
  capacity: number;
  overflow: number;
}) {
  return (
    <li
      className="cut-line"
      data-testid="cut-line"
      data-team-id={team.id}
      style={{ borderColor: TEAM_INK[team.color], color: TEAM_INK[team.color] }}
    >
      ✂ {team.name}: capacity {formatPoints(capacity)} pts — its cards below do not fit (+
      {formatPoints(overflow)})
    </li>
  );
}
