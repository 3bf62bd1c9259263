import {
  CONFIDENCE_MAX,
  CONFIDENCE_MIN,
  NO_TEAM,
  confidenceResults,
  confidenceVerdict,
  roleAtLeast,
} from '@weboard/shared';
import type { ConfidenceResult } from '@weboard/shared';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useEditor } from '../editor/editor-context';
import {
  castConfidence,
  revealConfidenceVotes,
  useConfidenceStatus,
  useMyConfidence,
} from './confidence-ballot';
import { TeamBadge } from './bits';
import { usePlanning, usePlanningView } from './context';
import * as pi from './pi-actions';
import { usePi } from './pi-state';

const STATE_TEXT = {
  idle: 'No confidence vote running.',
  running:
    'Confidence vote running: your vote goes to the server and stays hidden until the reveal.',
  revealed: 'Results revealed.',
} as const;

const FIST = ['', '☝ 1', '✌ 2', '3', '4', '🖐 5'];
const VALUES = Array.from({ length: CONFIDENCE_MAX - CONFIDENCE_MIN + 1 }, (_, i) => i + 1);

/** The fist-of-five confidence vote: hidden ballots, then average and spread per team and overall. */
export function ConfidencePanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const { round, confidence } = usePi();
  const facilitator = roleAtLeast(editor.role, 'facilitator') && editor.canEdit;
  const mine = useMyConfidence(planning, round, editor.canEdit);
  const voters = useConfidenceStatus(planning, round, facilitator);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const results = confidenceResults(confidence);

  const run = (work: () => Promise<unknown>, failure: string) => {
    setError(null);
    setBusy(true);
    work()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : failure))
      .finally(() => setBusy(false));
  };

  return (
    <div data-testid="confidence-panel" data-state={round.state}>
      <p data-testid="confidence-state">{STATE_TEXT[round.state]}</p>
      {round.state === 'running' && editor.canEdit && (
        <div className="fist" role="group" aria-label="How confident are you in this plan?">
          <p className="small">
            How confident are you that we can deliver this plan? (1 = not at all)
          </p>
          {VALUES.map((value) => (
            <button
              key={value}
              type="button"
              className={`fist-value${mine?.value === value ? ' chosen' : ''}`}
              data-testid={`confidence-vote-${value}`}
              aria-pressed={mine?.value === value}
              disabled={busy}
              onClick={() => run(() => castConfidence(planning, value), 'The vote failed.')}
            >
              {FIST[value]}
            </button>
          ))}
          <p className="muted small" data-testid="confidence-mine">
            {mine?.value
              ? `Your vote: ${mine.value} (hidden from others)`
              : 'You have not voted yet.'}
          </p>
        </div>
      )}
      {voters !== null && (
        <p className="muted small" data-testid="confidence-participation">
          {voters} {voters === 1 ? 'person has' : 'people have'} voted so far.
        </p>
      )}
      {facilitator && (
        <div className="vote-controls">
          <button
            type="button"
            className={`button button-small${round.state === 'running' ? '' : ' button-primary'}`}
            data-testid="confidence-start"
            onClick={() => pi.startConfidence(editor, planning.userId)}
          >
            {round.state === 'idle' ? 'Start confidence vote' : 'New round'}
          </button>
          {round.state === 'running' && (
            <button
              type="button"
              className="button button-primary button-small"
              data-testid="confidence-reveal"
              disabled={busy}
              onClick={() => run(() => revealConfidenceVotes(planning), 'The reveal failed.')}
            >
              Reveal
            </button>
          )}
          {round.state !== 'idle' && (
            <button
              type="button"
              className="button button-small"
              data-testid="confidence-clear"
              onClick={() => pi.clearConfidence(editor)}
            >
              Clear
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="conflict" role="alert">
          {error}
        </p>
      )}
      {round.state === 'revealed' && (
        <div data-testid="confidence-results">
          <ResultRow
            label={<strong>Overall</strong>}
            result={results.overall}
            testId="confidence-overall"
          />
          {Object.entries(results.byTeam)
            .sort((a, b) => (a[0] === NO_TEAM ? 1 : b[0] === NO_TEAM ? -1 : a[0] < b[0] ? -1 : 1))
            .map(([teamId, result]) => (
              <ResultRow
                key={teamId}
                teamId={teamId}
                label={
                  teamId === NO_TEAM ? (
                    <span className="muted">No team</span>
                  ) : (
                    <TeamBadge team={view.teams.get(teamId)} />
                  )
                }
                result={result}
                testId="confidence-team"
              />
            ))}
        </div>
      )}
    </div>
  );
}

function ResultRow(props: {
  label: ReactNode;
  result: ConfidenceResult;
  testId: string;
  teamId?: string;
}) {
  const { result } = props;
  const most = Math.max(1, ...result.distribution);
  return (
    <div
      className={`confidence-row confidence-${confidenceVerdict(result.average)}`}
      data-testid={props.testId}
      data-team-id={props.teamId}
      data-average={result.average ?? ''}
      data-votes={result.votes}
    >
      <div className="confidence-head">
        {props.label}
        <span className="confidence-average">
          {result.average === null ? 'no votes' : `⌀ ${result.average}`}
        </span>
        <span className="muted small">
          {result.votes} vote{result.votes === 1 ? '' : 's'}
        </span>
      </div>
      <div className="confidence-bars" aria-label="Votes per value">
        {result.distribution.map((n, i) => (
          <span key={i} className="confidence-bar" title={`${i + 1}: ${n}`}>
            <span className="confidence-fill" style={{ height: `${(n / most) * 100}%` }} />
            <span className="confidence-label">
              {i + 1}
              {n > 0 ? ` ·${n}` : ''}
            </span>
          </span>
        ))}
      </div>
    </div>
  );
}
