import {
  assessLoad,
  capacityByCell,
  cellKey,
  departures,
  formatLoad,
  formatOverflow,
  formatPoints,
  itemTitle,
  loadOf,
  teamOrderView,
} from '@weboard/shared';
import type { Lane, Team } from '@weboard/shared';
import { useMemo, useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { TeamBadge, NamedOptions } from './bits';
import { usePlanning, usePlanningView } from './context';
import { canSetCapacity, recordTeamOrder, setCapacity } from './program-actions';
import type { Planning } from './planning';
import type { PlanningView } from './view';
import './capacity.css';

/**
 * Capacity and load per team × iteration (each team's members and facilitators set the capacity),
 * each team's cut line in the unified backlog, and one team's own order against the program's.
 */
export function CapacityPanel() {
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  return (
    <div className="planning-section" data-testid="capacity-panel">
      <CapacityTable planning={planning} view={view} teams={state.teams} lanes={state.lanes} />
      <CutLineSummary view={view} teams={state.teams} />
      <TeamOrder planning={planning} view={view} teams={state.teams} />
    </div>
  );
}

function CapacityTable({
  planning,
  view,
  teams,
  lanes,
}: {
  planning: Planning;
  view: PlanningView;
  teams: Team[];
  lanes: Lane[];
}) {
  const editor = useEditor();
  const state = useStore(planning.state);
  useStore(planning.myTeam);
  const capacities = useMemo(() => capacityByCell(state.capacities), [state.capacities]);
  if (teams.length === 0)
    return <p className="muted small planning-empty">Add teams to plan their capacity.</p>;
  return (
    <table className="capacity-table" data-testid="capacity-table">
      <thead>
        <tr>
          <th>Team</th>
          {lanes.map((lane) => (
            <th key={lane.id}>{lane.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {teams.map((team) => {
          const mayEdit = canSetCapacity(editor, planning, team.id);
          return (
            <tr key={team.id}>
              <th>
                <TeamBadge team={team} />
              </th>
              {lanes.map((lane) => {
                const capacity = capacities.get(cellKey(team.id, lane.id));
                const load = loadOf(view.loads, team.id, lane.id);
                const assessment = assessLoad(load.points, capacity);
                const over = assessment.status === 'over';
                return (
                  <td
                    key={lane.id}
                    className={over ? 'capacity-cell over' : 'capacity-cell'}
                    data-testid="capacity-cell"
                    data-team-id={team.id}
                    data-lane-id={lane.id}
                    data-status={assessment.status}
                  >
                    <input
                      type="number"
                      min={0}
                      step="any"
                      aria-label={`${team.name} capacity in ${lane.name}`}
                      data-testid="capacity-input"
                      disabled={!mayEdit}
                      title={
                        mayEdit
                          ? 'Points this team can do in this iteration'
                          : "Set by the team's members or a facilitator"
                      }
                      // Uncontrolled, keyed by the stored value: a remote change replaces it.
                      key={capacity ?? ''}
                      defaultValue={capacity ?? ''}
                      onBlur={(e) => {
                        const text = e.target.value.trim();
                        const points = text === '' ? null : Number(text);
                        if (points === (capacity ?? null)) return;
                        if (!setCapacity(editor, planning, team.id, lane.id, points))
                          e.target.value = capacity === undefined ? '' : String(capacity);
                      }}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') e.currentTarget.blur();
                      }}
                    />
                    <span className="cell-load" data-testid="cell-load">
                      {formatLoad(assessment)}
                    </span>
                    {over && (
                      <span className="cell-overflow" data-testid="cell-overflow">
                        {formatOverflow(assessment)}
                      </span>
                    )}
                    {load.unestimated > 0 && (
                      <span className="muted small" title="Cards without an estimate count 0">
                        {load.unestimated} unestimated
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CutLineSummary({ view, teams }: { view: PlanningView; teams: Team[] }) {
  const rank = new Map(view.backlog.map((c, i) => [c.id, i + 1]));
  const lines = teams.flatMap((team) => {
    const line = view.cutLines.get(team.id);
    return line ? [{ team, line }] : [];
  });
  if (lines.length === 0) return null;
  return (
    <ul className="cut-lines" data-testid="cut-line-summary">
      {lines.map(({ team, line }) => {
        const over = line.firstOver ? view.byId.get(line.firstOver) : undefined;
        return (
          <li key={team.id} data-testid="cut-line-team" data-team-id={team.id}>
            <TeamBadge team={team} /> {formatPoints(line.load)} of {formatPoints(line.capacity)} pts
            {over ? (
              <span className="cell-overflow">
                {' '}
                — cut line above #{rank.get(over.id)} {itemTitle(over)} (+
                {formatPoints(line.overflow)})
              </span>
            ) : (
              <span className="muted"> — everything fits</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** "Our order vs the program's": one team's cards in the unified order, with the team's own place. */
function TeamOrder({
  planning,
  view,
  teams,
}: {
  planning: Planning;
  view: PlanningView;
  teams: Team[];
}) {
  const editor = useEditor();
  const myTeam = useStore(planning.myTeam);
  const [chosen, setChosen] = useState<string | null>(null);
  const teamId = chosen ?? myTeam ?? teams[0]?.id ?? null;
  const rows = useMemo(
    () => (teamId ? teamOrderView(view.backlog, teamId) : []),
    [view.backlog, teamId],
  );
  if (!teamId) return null;
  const moved = departures(rows);
  return (
    <section className="team-order" data-testid="team-order">
      <h3>
        Our order vs the program’s{' '}
        <select
          aria-label="Team"
          data-testid="team-order-team"
          value={teamId}
          onChange={(e) => setChosen(e.target.value)}
        >
          <NamedOptions of={teams} />
        </select>
      </h3>
      <p className="muted small" data-testid="team-order-summary">
        {rows.every((r) => r.teamPosition === null)
          ? 'No team order recorded yet (an import keeps it, or record it now).'
          : moved === 0
            ? 'The program keeps this team’s own order.'
            : `The program’s order departs from this team’s for ${moved} item${moved === 1 ? '' : 's'}.`}
      </p>
      {editor.canEdit && (
        <button
          type="button"
          className="button button-small"
          data-testid="record-team-order"
          onClick={() => recordTeamOrder(editor, view.backlog, teamId)}
          title="Make the team's current place in the unified backlog its own order"
        >
          Record team order
        </button>
      )}
      <ol className="team-order-list">
        {rows.map((row) => {
          const card = view.byId.get(row.id)!;
          return (
            <li
              key={row.id}
              data-testid="team-order-row"
              data-item-id={row.id}
              data-shift={row.shift ?? ''}
            >
              <span className="backlog-rank">{row.unifiedRank ?? '–'}</span>
              <span className="backlog-title">{itemTitle(card)}</span>
              <span className="muted small">
                {row.teamPosition === null ? 'not in team order' : `team #${row.teamPosition}`}
              </span>
              {row.shift !== null && row.shift !== 0 && (
                <span
                  className={row.shift > 0 ? 'shift up' : 'shift down'}
                  title={
                    row.shift > 0
                      ? 'The program ranks it higher than the team did'
                      : 'The program ranks it lower than the team did'
                  }
                >
                  {row.shift > 0 ? `↑${row.shift}` : `↓${-row.shift}`}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
