import { isFrame, itemTitle, riceScore, roleAtLeast, wsjfScore } from '@weboard/shared';
import type {
  CardItem,
  ClearablePlanningField,
  FrameBinding,
  FrameItem,
  Rice,
  Team,
  VoteTally,
  Wsjf,
} from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../editor/store';
import { useCanEdit, useEditor } from '../ui/editor-context';
import * as actions from './actions';
import { castBallot, useMyBallot } from './ballot';
import { HealthDot, formatWeight, tallyText, teamWeight, teamsByVotes, NamedOptions } from './bits';
import { usePlanning, usePlanningView } from './context';
import { formatScore, HEALTH_REASON_TEXT } from './view';

const WSJF_FIELDS: [keyof Wsjf, string][] = [
  ['businessValue', 'Business value'],
  ['timeCriticality', 'Time criticality'],
  ['riskReduction', 'Risk reduction / opportunity'],
  ['jobSize', 'Job size'],
];
const RICE_FIELDS: [keyof Rice, string][] = [
  ['reach', 'Reach'],
  ['impact', 'Impact'],
  ['confidence', 'Confidence (0–1 or %)'],
  ['effort', 'Effort'],
];

/** The planning fields of the one selected card: team, lane, estimate, scores, dependencies, votes. */
export function ItemPanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const selection = useStore(editor.selection);
  const items = useStore(editor.items);
  const card = selection.length === 1 ? view.byId.get(selection[0]!) : undefined;
  if (card) return <CardPanel key={card.id} card={card} />;
  const frame =
    selection.length === 1 ? items.find((i) => i.id === selection[0] && isFrame(i)) : undefined;
  if (frame && isFrame(frame)) return <FramePanel key={frame.id} frame={frame} />;
  return null;
}

/** A selected frame: bind it to a team (its swimlane) and/or a lane (a column or cell). */
function FramePanel({ frame }: { frame: FrameItem }) {
  const editor = useEditor();
  const planning = usePlanning();
  const state = useStore(planning.state);
  // Locked frames are a facilitator's.
  const readOnly = !useCanEdit() || !editor.canChange(frame);
  const bind = (binding: Partial<FrameBinding>) =>
    actions.bindFrame(editor, frame.id, {
      teamId: frame.teamId ?? null,
      laneId: frame.laneId ?? null,
      ...binding,
    });
  const team = frame.teamId ? state.teams.find((t) => t.id === frame.teamId) : undefined;
  const lane = frame.laneId ? state.lanes.find((l) => l.id === frame.laneId) : undefined;
  const says = [team && `join ${team.name}`, lane && `go to ${lane.name}`].filter(Boolean);
  return (
    <aside className="panel item-panel" data-testid="frame-panel" aria-label="Frame planning">
      <header>
        <strong>▭ {frame.title || 'Frame'}</strong>
        <span className="muted small">
          {says.length > 0
            ? `Cards dropped in it ${says.join(' and ')}.`
            : 'Bind it to a team (a swimlane) or a lane: cards dropped in it take them.'}
        </span>
      </header>
      <div className="item-grid">
        <label>
          Team swimlane
          <select
            data-testid="frame-team"
            value={frame.teamId ?? ''}
            disabled={readOnly}
            onChange={(e) => bind({ teamId: e.target.value || null })}
          >
            <option value="">No team</option>
            <NamedOptions of={state.teams} />
            {frame.teamId && !team && <option value={frame.teamId}>(removed team)</option>}
          </select>
        </label>
        <label>
          Lane
          <select
            data-testid="frame-lane"
            value={frame.laneId ?? ''}
            disabled={readOnly}
            onChange={(e) => bind({ laneId: e.target.value || null })}
          >
            <option value="">No lane</option>
            <NamedOptions of={state.lanes} />
            {frame.laneId && !lane && <option value={frame.laneId}>(removed lane)</option>}
          </select>
        </label>
      </div>
    </aside>
  );
}

function CardPanel({ card }: { card: CardItem }) {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  const [pick, setPick] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = useCanEdit();
  // Locked cards are a facilitator's: an editor reads their planning (and still votes on them).
  const readOnly = !canEdit || !editor.canChange(card);
  const set = (patch: Partial<CardItem>) => actions.setCardFields(editor, card.id, patch);
  const clear = (field: ClearablePlanningField) =>
    actions.clearCardFields(editor, card.id, [field]);
  const deps = view.dependencies.filter((d) => d.dependent.id === card.id);
  const dependents = view.dependencies.filter((d) => d.dependency.id === card.id);
  const conflicts = view.conflictsOf.get(card.id) ?? [];
  const session = state.session;
  const ballot = useMyBallot(planning, session, canEdit);
  const mine = ballot?.votes[card.id] ?? 0;

  const addDependency = (targetId: string) => {
    const target = view.byId.get(targetId);
    if (!target || target.id === card.id) return;
    if (deps.some((d) => d.dependency.id === target.id)) return;
    actions.addDependency(editor, card, target, planning.userId);
  };

  const vote = (delta: 1 | -1) => {
    setMessage(null);
    castBallot(planning, card.id, delta).catch((error: unknown) =>
      setMessage(error instanceof Error ? error.message : 'The vote did not count.'),
    );
  };

  return (
    <aside className="panel item-panel" data-testid="item-panel" aria-label="Card planning">
      <header>
        <strong title={card.text}>{itemTitle(card)}</strong>
        {card.source && <span className="muted small">from {card.source.name}</span>}
      </header>
      <div className="item-grid">
        <label>
          Team
          <select
            data-testid="item-team"
            value={card.teamId ?? ''}
            disabled={readOnly}
            onChange={(e) => (e.target.value ? set({ teamId: e.target.value }) : clear('teamId'))}
          >
            <option value="">No team</option>
            <NamedOptions of={state.teams} />
            {card.teamId && !view.teams.has(card.teamId) && (
              <option value={card.teamId}>(removed team)</option>
            )}
          </select>
        </label>
        <label>
          Lane
          <select
            data-testid="item-lane"
            value={card.laneId ?? ''}
            disabled={readOnly}
            onChange={(e) => (e.target.value ? set({ laneId: e.target.value }) : clear('laneId'))}
          >
            <option value="">No lane</option>
            <NamedOptions of={state.lanes} />
          </select>
        </label>
        <label>
          Estimate
          <NumberInput
            testId="item-estimate"
            value={card.estimate}
            disabled={readOnly}
            onCommit={(n) => (n === undefined ? clear('estimate') : set({ estimate: n }))}
          />
        </label>
      </div>

      <ScoreGroup
        title="WSJF"
        fields={WSJF_FIELDS}
        value={card.wsjf}
        score={wsjfScore(card.wsjf)}
        disabled={readOnly}
        onChange={(next) => (next ? set({ wsjf: next as Wsjf }) : clear('wsjf'))}
      />
      <ScoreGroup
        title="RICE"
        fields={RICE_FIELDS}
        value={card.rice}
        score={riceScore(card.rice)}
        disabled={readOnly}
        onChange={(next) => (next ? set({ rice: next as Rice }) : clear('rice'))}
      />

      <section>
        <h4>Depends on</h4>
        {view.inCycle.has(card.id) && (
          <p className="conflict">⟳ This card is part of a dependency cycle.</p>
        )}
        {conflicts.length > 0 && (
          <p className="conflict">⚠ Ranked above something it depends on.</p>
        )}
        <ul className="dep-mini">
          {deps.map((d) => (
            <li key={d.edge.id} data-testid="item-dependency">
              <HealthDot health={d.health} title={HEALTH_REASON_TEXT[d.reason]} />
              {itemTitle(d.dependency)}
              {!readOnly && (
                <button
                  type="button"
                  className="icon-button tiny"
                  aria-label="Remove dependency"
                  onClick={() => actions.removeDependency(editor, d.edge.id)}
                >
                  ✕
                </button>
              )}
            </li>
          ))}
          {dependents.map((d) => (
            <li key={d.edge.id} className="muted small">
              needed by {itemTitle(d.dependent)}
            </li>
          ))}
        </ul>
        {!readOnly && (
          <div className="inline-form">
            <select
              aria-label="Depends on…"
              data-testid="depends-on-picker"
              value={pick}
              onChange={(e) => setPick(e.target.value)}
            >
              <option value="">Depends on…</option>
              {view.backlog
                .filter((c) => c.id !== card.id && !deps.some((d) => d.dependency.id === c.id))
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {itemTitle(c)}
                    {c.teamId ? ` (${view.teams.get(c.teamId)?.name ?? '?'})` : ''}
                  </option>
                ))}
            </select>
            <button
              type="button"
              className="button button-small"
              data-testid="add-dependency"
              disabled={!pick}
              onClick={() => {
                addDependency(pick);
                setPick('');
              }}
            >
              Link
            </button>
          </div>
        )}
      </section>

      {session.state === 'running' && canEdit && (
        <section className="item-votes" data-testid="item-votes">
          <h4>Your votes</h4>
          <button
            type="button"
            className="icon-button"
            aria-label="Take a vote back"
            data-testid="vote-minus"
            disabled={mine === 0}
            onClick={() => vote(-1)}
          >
            −
          </button>
          <span className="vote-count" data-testid="my-votes">
            {mine}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Vote"
            data-testid="vote-plus"
            onClick={() => vote(1)}
          >
            +
          </button>
          <span className="muted small" data-testid="votes-left">
            {ballot?.remaining ?? session.budget} left
          </span>
          {message && <p className="conflict">{message}</p>}
        </section>
      )}
      {session.state === 'revealed' && (
        <TallyTable
          tally={view.tallies[card.id]}
          teams={view.teams}
          weights={session.teamWeights}
          editable={roleAtLeast(editor.role, 'facilitator')}
          onWeight={(teamId, weight) =>
            actions.setTeamWeights(editor, { ...session.teamWeights, [teamId]: weight })
          }
        />
      )}
    </aside>
  );
}

function NumberInput(props: {
  value: number | undefined;
  disabled?: boolean;
  testId?: string;
  label?: string;
  onCommit(value: number | undefined): void;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  const commit = () => {
    const trimmed = text.trim().replace(',', '.');
    if (trimmed === '') return props.onCommit(undefined);
    const n = Number(trimmed);
    if (Number.isFinite(n) && n >= 0) props.onCommit(n);
    else setText(props.value === undefined ? '' : String(props.value));
  };
  return (
    <input
      inputMode="decimal"
      aria-label={props.label}
      data-testid={props.testId}
      value={text}
      disabled={props.disabled}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

function ScoreGroup<K extends string>(props: {
  title: string;
  fields: [K, string][];
  value: Partial<Record<K, number>> | undefined;
  score: number | null;
  disabled: boolean;
  onChange(next: Record<K, number> | null): void;
}) {
  const [draft, setDraft] = useState<Partial<Record<K, number>>>(props.value ?? {});
  const update = (key: K, n: number | undefined) => {
    const next: Partial<Record<K, number>> =
      n === undefined
        ? (Object.fromEntries(Object.entries(draft).filter(([k]) => k !== key)) as Partial<
            Record<K, number>
          >)
        : { ...draft, [key]: n };
    setDraft(next);
    const complete = props.fields.every(([k]) => typeof next[k] === 'number');
    if (complete) props.onChange(next as Record<K, number>);
    else if (props.fields.every(([k]) => next[k] === undefined)) props.onChange(null);
  };
  return (
    <details className="score-group" open={props.value !== undefined}>
      <summary>
        {props.title}
        {props.score !== null && (
          <span className="score-chip" data-testid={`item-${props.title.toLowerCase()}-score`}>
            {formatScore(props.score)}
          </span>
        )}
      </summary>
      <div className="item-grid">
        {props.fields.map(([key, label]) => (
          <label key={key}>
            {label}
            <NumberInput
              testId={`item-${props.title.toLowerCase()}-${key}`}
              value={draft[key]}
              disabled={props.disabled}
              onCommit={(n) => update(key, n)}
            />
          </label>
        ))}
      </div>
    </details>
  );
}

/**
 * A card's revealed votes per team: votes, the team's weight (the facilitator edits it here) and
 * what they count for, with the totals below.
 */
function TallyTable(props: {
  tally: VoteTally | undefined;
  teams: Map<string, Team>;
  weights: Readonly<Record<string, number>>;
  editable: boolean;
  onWeight(teamId: string, weight: number): void;
}) {
  const { tally, teams, weights } = props;
  return (
    <section data-testid="item-tally" title={tallyText(tally, teams, weights)}>
      <h4>Votes</h4>
      {!tally || tally.total === 0 ? (
        <p className="muted small">No votes.</p>
      ) : (
        <table className="tally-table">
          <thead>
            <tr>
              <th>Team</th>
              <th className="number">Votes</th>
              <th className="number">Weight</th>
              <th className="number">Counts</th>
            </tr>
          </thead>
          <tbody>
            {teamsByVotes(tally).map(([id, n]) => {
              const weight = teamWeight(weights, id);
              return (
                <tr key={id} data-testid="tally-row" data-team-id={id}>
                  <td>{teams.get(id)?.name ?? 'No team'}</td>
                  <td className="number">{n}</td>
                  <td className="number">
                    {props.editable && teams.has(id) ? (
                      <input
                        type="number"
                        min={0}
                        max={10}
                        step={0.5}
                        aria-label={`Weight of ${teams.get(id)!.name}`}
                        data-testid="tally-weight"
                        value={weight}
                        onChange={(e) => {
                          const next = Number(e.target.value);
                          if (e.target.value !== '' && Number.isFinite(next) && next >= 0)
                            props.onWeight(id, next);
                        }}
                      />
                    ) : (
                      `×${formatWeight(weight)}`
                    )}
                  </td>
                  <td className="number">{formatWeight(n * weight)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td>Total</td>
              <td className="number" data-testid="tally-total">
                {tally.total}
              </td>
              <td />
              <td className="number" data-testid="tally-weighted">
                {formatWeight(tally.weightedTotal)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
