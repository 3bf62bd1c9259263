import { RISK_STATES, RISK_STATE_NAMES, checkRisk, itemTitle, roamColumns } from '@weboard/shared';
import type { Risk, RiskState } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { NamedOptions, TeamBadge } from './bits';
import { focusBox } from './camera';
import { usePlanning, usePlanningView } from './context';
import * as pi from './pi-actions';
import { PiForm } from './pi-form';
import { usePi } from './pi-state';

/** The ROAM risk board: new risks, then Resolved, Owned, Accepted and Mitigated columns. */
export function RiskBoard() {
  const editor = useEditor();
  const { risks } = usePi();
  const columns = roamColumns(risks);
  const [error, setError] = useState<string | null>(null);

  const move = (risk: Risk, to: RiskState) => {
    const result = pi.moveRisk(editor, risk.id, to);
    setError(result.ok ? null : result.reason);
  };

  return (
    <div data-testid="risk-board">
      {editor.canEdit && <RiskForm />}
      {error && (
        <p className="conflict" role="alert" data-testid="risk-error">
          {error}
        </p>
      )}
      <div className="roam-board">
        {RISK_STATES.map((state) => (
          <section
            key={state}
            className={`roam-column roam-${state}`}
            data-testid="risk-column"
            data-state={state}
          >
            <h3>
              {RISK_STATE_NAMES[state]} <span className="pi-count">{columns[state].length}</span>
            </h3>
            <ul className="pi-list">
              {columns[state].map((risk) => (
                <RiskCard key={risk.id} risk={risk} onMove={(to) => move(risk, to)} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

function RiskCard({ risk, onMove }: { risk: Risk; onMove: (to: RiskState) => void }) {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const team = risk.teamId ? view.teams.get(risk.teamId) : undefined;
  const card = risk.itemId ? view.byId.get(risk.itemId) : undefined;
  const [owner, setOwner] = useState<string | null>(null);
  const saveOwner = () => {
    if (owner === null) return;
    const trimmed = owner.trim();
    if (trimmed !== (risk.owner ?? ''))
      pi.updateRisk(editor, risk.id, { owner: trimmed === '' ? null : trimmed });
    setOwner(null);
  };
  return (
    <li
      className="roam-card"
      data-testid="risk-card"
      data-risk-id={risk.id}
      data-state={risk.state}
    >
      <p className="pi-text" data-testid="risk-text">
        {risk.text}
      </p>
      <div className="roam-meta">
        {team && <TeamBadge team={team} />}
        {card && (
          <button
            type="button"
            className="text-button"
            data-testid="risk-card-link"
            onClick={() => focusBox(editor, card, card.id)}
          >
            {itemTitle(card)}
          </button>
        )}
      </div>
      {editor.canEdit ? (
        <>
          <input
            aria-label="Owner"
            placeholder="Owner"
            data-testid="risk-owner"
            value={owner ?? risk.owner ?? ''}
            maxLength={200}
            onChange={(e) => setOwner(e.target.value)}
            onBlur={saveOwner}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveOwner();
            }}
          />
          <div className="roam-actions">
            <select
              aria-label="Move to"
              data-testid="risk-move"
              value=""
              onChange={(e) => {
                if (e.target.value) onMove(e.target.value as RiskState);
              }}
            >
              <option value="">Move to…</option>
              {RISK_STATES.filter((s) => s !== risk.state).map((s) => (
                <option key={s} value={s}>
                  {RISK_STATE_NAMES[s]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="text-button"
              data-testid="risk-remove"
              aria-label="Remove risk"
              onClick={() => pi.removeRisk(editor, risk.id)}
            >
              ✕
            </button>
          </div>
        </>
      ) : (
        risk.owner && <p className="muted small">Owner: {risk.owner}</p>
      )}
    </li>
  );
}

function RiskForm() {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [teamId, setTeamId] = useState('');
  const [itemId, setItemId] = useState('');

  return (
    <PiForm
      testId="risk-form"
      check={() =>
        checkRisk(
          { text, owner, teamId: teamId || null, itemId: itemId || null },
          new Set(state.teams.map((t) => t.id)),
          new Set(view.backlog.map((c) => c.id)),
        )
      }
      save={(draft) => {
        if (pi.addRisk(editor, draft, planning.userId)) {
          setText('');
          setOwner('');
        }
      }}
    >
      <div className="pi-form-row">
        <input
          aria-label="Risk"
          placeholder="What could stop the plan?"
          data-testid="risk-text-input"
          value={text}
          maxLength={500}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="pi-form-row">
        <input
          aria-label="Owner"
          placeholder="Owner (optional)"
          data-testid="risk-owner-input"
          value={owner}
          maxLength={200}
          onChange={(e) => setOwner(e.target.value)}
        />
        <select
          aria-label="Team"
          data-testid="risk-team"
          value={teamId}
          onChange={(e) => setTeamId(e.target.value)}
        >
          <option value="">No team</option>
          <NamedOptions of={state.teams} />
        </select>
      </div>
      <div className="pi-form-row">
        <select
          aria-label="Card"
          data-testid="risk-item"
          value={itemId}
          onChange={(e) => setItemId(e.target.value)}
        >
          <option value="">No card</option>
          {view.backlog.map((card) => (
            <option key={card.id} value={card.id}>
              {itemTitle(card).slice(0, 60)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary button-small" data-testid="risk-add">
          Raise risk
        </button>
      </div>
    </PiForm>
  );
}
