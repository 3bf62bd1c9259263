import { PALETTE } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { loadDisplayName } from '../collab/identity';
import { useEditor } from '../editor/editor-context';
import { HeaderTool } from '../ui/header-slot';
import { sideDock, toggleSidePanel } from '../ui/side-dock';
import { BacklogPanel } from './BacklogPanel';
import { CapacityPanel } from './CapacityPanel';
import { TEAM_INK } from './bits';
import { usePlanning, usePlanningView } from './context';
import { DependenciesPanel } from './DependenciesPanel';
import { ImportDialog } from './ImportDialog';
import { ItemPanel } from './ItemPanel';
import { PiPanel } from './PiPanel';
import { TeamsPanel } from './TeamsPanel';
import { VotePanel } from './VotePanel';

const TABS = [
  ['backlog', 'Backlog'],
  ['dependencies', 'Dependencies'],
  ['vote', 'Vote'],
  ['pi', 'PI'],
  ['capacity', 'Capacity'],
  ['teams', 'Teams & lanes'],
] as const;
type Tab = (typeof TABS)[number][0];

/** Everything planning adds to the board page: the side panel, the card panel, the team picker. */
export function PlanningUi() {
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  // Closed until asked for (and remembered): the board stays a plain whiteboard for those who
  // are not planning, and the panels never cover cards they did not ask about. It shares the
  // side dock with the facilitation panel, so opening one closes the other.
  const open = useStore(sideDock) === 'planning';
  const [tab, setTab] = useState<Tab>('backlog');
  const [importing, setImporting] = useState(false);
  const problems =
    view.conflicts.length + view.dependencies.filter((d) => d.health === 'red').length;

  return (
    <>
      <HeaderTool>
        <button
          type="button"
          className="header-tool planning-toggle"
          data-testid="planning-toggle"
          aria-expanded={open}
          onClick={() => toggleSidePanel('planning')}
        >
          Planning
          {state.session.state === 'running' && <span className="pill pill-live">vote</span>}
          {problems > 0 && <span className="pill pill-warn">{problems}</span>}
        </button>
      </HeaderTool>
      {open && (
        <aside className="panel planning-panel" data-testid="planning-panel" aria-label="Planning">
          <nav className="planning-tabs" role="tablist">
            {TABS.map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                data-testid={`planning-tab-${id}`}
                className={tab === id ? 'active' : ''}
                onClick={() => setTab(id)}
              >
                {label}
                {id === 'dependencies' && view.dependencies.some((d) => d.health !== 'green') && (
                  <span className="tab-dot" />
                )}
              </button>
            ))}
          </nav>
          <ItemPanel />
          {tab === 'backlog' && <BacklogPanel onImport={() => setImporting(true)} />}
          {tab === 'dependencies' && <DependenciesPanel />}
          {tab === 'vote' && <VotePanel />}
          {tab === 'pi' && <PiPanel />}
          {tab === 'capacity' && <CapacityPanel />}
          {tab === 'teams' && <TeamsPanel />}
        </aside>
      )}

      <TeamPicker />
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </>
  );
}

/** Asks once per board which team you are on (when the board has teams). */
function TeamPicker() {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const myTeam = useStore(planning.myTeam);
  // After the name dialog: one question at a time.
  if (myTeam !== undefined || state.teams.length === 0 || editor.role === 'viewer') return null;
  if (loadDisplayName() === null) return null;
  return (
    <div className="dialog-backdrop" role="presentation">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Pick your team"
        data-testid="team-picker"
      >
        <h2>Which team are you on?</h2>
        <p className="dialog-description">
          Cards you add belong to your team, and others see your team next to your name.
        </p>
        <div className="team-choices">
          {state.teams.map((team) => (
            <button
              key={team.id}
              type="button"
              className="team-choice"
              data-testid="team-choice"
              data-team-id={team.id}
              style={{ background: PALETTE[team.color], borderColor: TEAM_INK[team.color] }}
              onClick={() => planning.setMyTeam(team.id)}
            >
              {team.name}
            </button>
          ))}
          <button
            type="button"
            className="button button-ghost"
            data-testid="team-choice-none"
            onClick={() => planning.setMyTeam(null)}
          >
            No team (facilitating)
          </button>
        </div>
      </div>
    </div>
  );
}
