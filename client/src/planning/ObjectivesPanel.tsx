import {
  OBJECTIVE_KINDS,
  checkObjective,
  parseBusinessValue,
  roleAtLeast,
  summarizeObjectives,
} from '@weboard/shared';
import type { Objective, ObjectiveKind, ObjectiveSummary, Team } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { NamedOptions, TeamBadge } from './bits';
import { usePlanning } from './context';
import * as pi from './pi-actions';
import { PiForm } from './pi-form';
import { usePi } from './pi-state';

const KIND_NAMES: Record<ObjectiveKind, string> = { committed: 'Committed', stretch: 'Stretch' };

/** Team objectives for the increment, per team, with the business value the facilitator gives. */
export function ObjectivesPanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  const myTeam = useStore(planning.myTeam);
  const { objectives } = usePi();
  const summaries = summarizeObjectives(objectives);
  const teams = state.teams;
  const byTeam = new Map<string, Objective[]>();
  for (const objective of objectives)
    byTeam.set(objective.teamId, [...(byTeam.get(objective.teamId) ?? []), objective]);
  // Teams of the board first (in their order), then objectives of teams since removed.
  const teamIds = [
    ...teams.map((t) => t.id).filter((id) => byTeam.has(id)),
    ...[...byTeam.keys()].filter((id) => !teams.some((t) => t.id === id)),
  ];

  return (
    <div data-testid="objectives-panel">
      {editor.canEdit && <ObjectiveForm teams={teams} defaultTeam={myTeam ?? null} />}
      {teams.length === 0 && (
        <p className="muted small planning-empty">Add teams first (Teams & lanes).</p>
      )}
      {teamIds.length === 0 && teams.length > 0 && (
        <p className="muted small planning-empty">No objectives yet.</p>
      )}
      {teamIds.map((teamId) => (
        <section
          key={teamId}
          className="pi-group"
          data-testid="objective-team"
          data-team-id={teamId}
        >
          <h3>
            <TeamBadge team={teams.find((t) => t.id === teamId)} />
            <SummaryLine summary={summaries[teamId]} />
          </h3>
          <ul className="pi-list">
            {byTeam.get(teamId)!.map((objective) => (
              <ObjectiveRow key={objective.id} objective={objective} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function SummaryLine({ summary }: { summary: ObjectiveSummary | undefined }) {
  if (!summary) return null;
  return (
    <span className="muted small" data-testid="objective-summary">
      {summary.committed} committed · {summary.stretch} stretch · BV {summary.planned}
      {summary.achievement !== null && ` · achieved ${summary.actual} (${summary.achievement} %)`}
    </span>
  );
}

function ObjectiveForm({ teams, defaultTeam }: { teams: Team[]; defaultTeam: string | null }) {
  const editor = useEditor();
  const planning = usePlanning();
  const [teamId, setTeamId] = useState<string>('');
  const [text, setText] = useState('');
  const [kind, setKind] = useState<ObjectiveKind>('committed');
  const team = teamId || defaultTeam || teams[0]?.id || '';

  return (
    <PiForm
      testId="objective-form"
      check={() => checkObjective({ teamId: team, text, kind }, new Set(teams.map((t) => t.id)))}
      save={(draft) => {
        if (pi.addObjective(editor, draft, planning.userId)) setText('');
      }}
    >
      <div className="pi-form-row">
        <select
          aria-label="Team"
          data-testid="objective-team-select"
          value={team}
          onChange={(e) => setTeamId(e.target.value)}
        >
          <NamedOptions of={teams} />
        </select>
        <select
          aria-label="Kind"
          data-testid="objective-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ObjectiveKind)}
        >
          {OBJECTIVE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_NAMES[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="pi-form-row">
        <input
          aria-label="Objective"
          placeholder="What will the team achieve?"
          data-testid="objective-text"
          value={text}
          maxLength={500}
          onChange={(e) => setText(e.target.value)}
        />
        <button
          type="submit"
          className="button button-primary button-small"
          data-testid="objective-add"
        >
          Add
        </button>
      </div>
    </PiForm>
  );
}

function ObjectiveRow({ objective }: { objective: Objective }) {
  const editor = useEditor();
  const facilitator = roleAtLeast(editor.role, 'facilitator') && editor.canEdit;
  return (
    <li
      className="pi-row"
      data-testid="objective-row"
      data-objective-id={objective.id}
      data-kind={objective.kind}
    >
      <span className={`pi-kind pi-kind-${objective.kind}`}>{KIND_NAMES[objective.kind]}</span>
      <span className="pi-text" data-testid="objective-text-shown">
        {objective.text}
      </span>
      <span className="pi-values">
        {facilitator ? (
          <>
            <ValueInput
              label="Business value (1–10)"
              testId="objective-bv"
              value={objective.businessValue}
              onValue={(value) =>
                pi.updateObjective(editor, objective.id, { businessValue: value })
              }
            />
            <ValueInput
              label="Achieved (0–10)"
              testId="objective-actual"
              actual
              value={objective.actualValue}
              onValue={(value) => pi.updateObjective(editor, objective.id, { actualValue: value })}
            />
          </>
        ) : (
          <span className="pi-bv" data-testid="objective-bv-shown" title="Business value">
            BV {objective.businessValue ?? '–'}
            {objective.actualValue !== undefined && ` → ${objective.actualValue}`}
          </span>
        )}
        {editor.canEdit && (
          <>
            <button
              type="button"
              className="text-button"
              data-testid="objective-kind-toggle"
              title="Switch committed / stretch"
              onClick={() =>
                pi.updateObjective(editor, objective.id, {
                  kind: objective.kind === 'committed' ? 'stretch' : 'committed',
                })
              }
            >
              ⇄
            </button>
            <button
              type="button"
              className="text-button"
              data-testid="objective-remove"
              aria-label="Remove objective"
              onClick={() => pi.removeObjective(editor, objective.id)}
            >
              ✕
            </button>
          </>
        )}
      </span>
    </li>
  );
}

/** A business value field: saved when it holds a valid value (empty clears it). */
function ValueInput(props: {
  label: string;
  testId: string;
  value: number | undefined;
  actual?: boolean;
  onValue: (value: number | null) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (props.value === undefined ? '' : String(props.value));
  const parsed = draft === null ? props.value : parseBusinessValue(draft, props.actual);
  return (
    <input
      className={`pi-value${parsed === undefined && draft !== null && draft !== '' ? ' invalid' : ''}`}
      aria-label={props.label}
      title={props.label}
      placeholder={props.actual ? 'done' : 'BV'}
      data-testid={props.testId}
      inputMode="numeric"
      value={shown}
      onChange={(e) => {
        setDraft(e.target.value);
        const value = parseBusinessValue(e.target.value, props.actual);
        if (value !== undefined) props.onValue(value);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
