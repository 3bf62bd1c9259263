import { itemTitle, newItemId, roleAtLeast } from '@weboard/shared';
import { useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import * as actions from './actions';
import { revealBallots, useMyBallot, useVoteStatus } from './ballot';
import { VoteBreakdown } from './bits';
import { focusBox } from './camera';
import { usePlanning, usePlanningView } from './context';

const STATE_TEXT = {
  idle: 'No vote running.',
  running: 'Vote running — your votes go to the server and stay private until the reveal.',
  ended: 'Voting has ended; results are hidden until the facilitator reveals them.',
  revealed: 'Results revealed.',
} as const;

/** Dot voting: the facilitator runs it, everyone votes on cards (in the card's panel). */
export function VotePanel() {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  const facilitator = roleAtLeast(editor.role, 'facilitator');
  const [budget, setBudget] = useState(5);
  const { session } = state;
  const ballot = useMyBallot(planning, session, editor.canEdit);
  const participation = useVoteStatus(planning, session, facilitator);
  const [error, setError] = useState<string | null>(null);

  const start = () =>
    actions.startVote(editor, {
      id: newItemId(),
      budget,
      teamWeights: session.teamWeights,
      startedBy: planning.userId,
      itemIds: view.backlog.map((c) => c.id),
    });

  const results = view.backlog
    .map((card) => ({ card, tally: view.tallies[card.id] }))
    .filter((r) => r.tally && r.tally.total > 0)
    .sort((a, b) => b.tally!.weightedTotal - a.tally!.weightedTotal);

  return (
    <div className="planning-section" data-testid="vote-panel" data-vote-state={session.state}>
      <p data-testid="vote-state">{STATE_TEXT[session.state]}</p>
      {session.state === 'running' && (
        <p className="budget" data-testid="vote-budget">
          You have <strong>{ballot?.remaining ?? session.budget}</strong> of {session.budget} votes
          left. Select a card and use + / − in its panel.
        </p>
      )}
      {participation && (
        <p className="muted small" data-testid="vote-participation">
          {participation.voters} {participation.voters === 1 ? 'person has' : 'people have'} voted
          so far ({participation.votes} vote{participation.votes === 1 ? '' : 's'}); what they voted
          for stays hidden until the reveal.
        </p>
      )}
      {facilitator && (
        <div className="vote-controls">
          {(session.state === 'idle' ||
            session.state === 'revealed' ||
            session.state === 'ended') && (
            <label className="field-inline">
              Votes each
              <input
                type="number"
                min={1}
                max={100}
                data-testid="vote-budget-input"
                value={budget}
                onChange={(e) =>
                  setBudget(Math.max(1, Math.min(100, Math.trunc(Number(e.target.value) || 1))))
                }
              />
            </label>
          )}
          {session.state === 'idle' ? (
            <button
              type="button"
              className="button button-primary button-small"
              data-testid="start-vote"
              onClick={start}
            >
              Start vote
            </button>
          ) : (
            <button
              type="button"
              className="button button-small"
              data-testid="rerun-vote"
              onClick={start}
            >
              Re-run vote
            </button>
          )}
          {session.state === 'running' && (
            <button
              type="button"
              className="button button-small"
              data-testid="end-vote"
              onClick={() => actions.setVoteState(editor, 'ended')}
            >
              End vote
            </button>
          )}
          {(session.state === 'running' || session.state === 'ended') && (
            <button
              type="button"
              className="button button-primary button-small"
              data-testid="reveal-vote"
              onClick={() => {
                setError(null);
                revealBallots(planning).catch((e: unknown) =>
                  setError(e instanceof Error ? e.message : 'The reveal failed.'),
                );
              }}
            >
              Reveal
            </button>
          )}
          {session.state !== 'idle' && (
            <button
              type="button"
              className="button button-small"
              data-testid="clear-vote"
              onClick={() => actions.setVoteState(editor, 'idle')}
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
      {facilitator && state.teams.length > 0 && (
        <details className="weights" open={session.state === 'revealed'}>
          <summary>Team weights (a team&rsquo;s votes count × its weight)</summary>
          {state.teams.map((team) => (
            <label key={team.id} className="field-inline">
              {team.name}
              <input
                type="number"
                min={0}
                max={10}
                step={0.5}
                data-testid="team-weight"
                data-team-id={team.id}
                value={session.teamWeights[team.id] ?? 1}
                onChange={(e) => {
                  const weight = Number(e.target.value);
                  if (Number.isFinite(weight) && weight >= 0)
                    actions.setTeamWeights(editor, { ...session.teamWeights, [team.id]: weight });
                }}
              />
            </label>
          ))}
        </details>
      )}
      {session.state === 'revealed' && (
        <ol className="vote-results" data-testid="vote-results">
          {results.length === 0 && <li className="muted">No votes were cast.</li>}
          {results.map(({ card, tally }) => (
            <li key={card.id} data-testid="vote-result" data-item-id={card.id}>
              <button
                type="button"
                className="text-button"
                onClick={() => focusBox(editor, card, card.id)}
              >
                {itemTitle(card)}
              </button>{' '}
              <VoteBreakdown tally={tally} teams={view.teams} weights={session.teamWeights} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
