import { itemTitle } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { HealthDot, TeamBadge, NamedOptions } from './bits';
import { current, focusBox, unionBox } from './camera';
import { usePlanning, usePlanningView } from './context';
import { HEALTH_REASON_TEXT } from './view';
import { DependencyAgreement } from './DependencyAgreement';

/** Every cross-team dependency with its health; click one to see both cards on the board. */
export function DependenciesPanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  const [team, setTeam] = useState('*');
  const [all, setAll] = useState(false);

  const rows = view.dependencies.filter(
    (d) =>
      (all || d.crossTeam) &&
      (team === '*' || d.dependent.teamId === team || d.dependency.teamId === team),
  );
  const order = { red: 0, amber: 1, green: 2 } as const;
  rows.sort((a, b) => order[a.health] - order[b.health]);
  const cycles = [...view.inCycle].map((id) => view.byId.get(id)).filter((c) => !!c);

  return (
    <div className="planning-section" data-testid="dependencies-panel">
      <div className="planning-filters">
        <select aria-label="Filter by team" value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="*">All teams</option>
          <NamedOptions of={state.teams} />
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          Include same-team
        </label>
      </div>
      {cycles.length > 0 && (
        <p className="conflict" data-testid="cycle-summary">
          ⟳ Dependency cycle: {cycles.map((c) => itemTitle(c)).join(', ')}
        </p>
      )}
      {rows.length === 0 && (
        <p className="muted small planning-empty">
          No {all ? '' : 'cross-team '}dependencies yet. Select a card and use “Depends on…” in its
          panel.
        </p>
      )}
      <ul className="dependency-list">
        {rows.map((d) => (
          <li key={d.edge.id} data-testid="dependency-row" data-health={d.health}>
            <button
              type="button"
              className="dependency-main"
              onClick={() =>
                focusBox(
                  editor,
                  unionBox(current(editor, d.dependent), current(editor, d.dependency)),
                  d.dependent.id,
                )
              }
              title={HEALTH_REASON_TEXT[d.reason]}
            >
              <HealthDot health={d.health} />
              <span>
                <strong>{itemTitle(d.dependent)}</strong>{' '}
                <TeamBadge
                  team={d.dependent.teamId ? view.teams.get(d.dependent.teamId) : undefined}
                />
                <span className="muted"> needs </span>
                <strong>{itemTitle(d.dependency)}</strong>{' '}
                <TeamBadge
                  team={d.dependency.teamId ? view.teams.get(d.dependency.teamId) : undefined}
                />
                <span className="muted small dependency-reason">
                  {' '}
                  — {HEALTH_REASON_TEXT[d.reason]}
                </span>
              </span>
            </button>
            <DependencyAgreement planning={planning} dependency={d} lanes={state.lanes} />
          </li>
        ))}
      </ul>
    </div>
  );
}
