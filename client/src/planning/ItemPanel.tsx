import { isFrame, itemTitle, riceScore, roleAtLeast, wsjfScore } from '@weboard/shared';
import type { CardItem, ClearablePlanningField, Rice, Wsjf } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { useCanEdit, useEditor } from '../editor/editor-context';
import * as actions from './actions';
import { castBallot, useMyBallot } from './ballot';
import { HealthDot, NamedOptions } from './bits';
import { usePlanning, usePlanningView } from './context';
import { FramePanel } from './FramePanel';
import { NumberInput, ScoreGroup } from './ScoreGroup';
import { TallyTable } from './TallyTable';
import { HEALTH_REASON_TEXT } from './view';

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
        <strong title={card.text}>
          {card.sourceKey && (
            <span className="source-key" data-testid="item-source-key">
              {card.sourceKey}
            </span>
          )}
          {itemTitle(card)}
        </strong>
        {card.source && (
          <span className="muted small" data-testid="item-source">
            {[
              card.source.type,
              card.source.status,
              card.source.priority && `${card.source.priority} priority`,
            ]
              .filter(Boolean)
              .join(' · ')}
            {card.source.type || card.source.status || card.source.priority ? ' · ' : ''}
            from {card.source.name}
            {card.source.parent && <> · parent {card.source.parent}</>}
          </span>
        )}
        {card.labels && card.labels.length > 0 && (
          <span className="item-labels" data-testid="item-labels">
            {card.labels.map((label) => (
              <span key={label} className="label-chip">
                {label}
              </span>
            ))}
          </span>
        )}
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
        fractions={['confidence']}
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
