import {
  AGENDA_STEP_ACTIONS,
  CROSS_TEAM_AGENDA,
  MAX_AGENDA_STEPS,
  MAX_STEP_MINUTES,
  agendaFromTemplate,
  agendaProgress,
  newItemId,
  nextStep,
  resetAgenda,
} from '@weboard/shared';
import type { Agenda, AgendaStep, AgendaStepAction } from '@weboard/shared';
import { useSyncExternalStore } from 'react';
import type { BoardEditor } from '../editor/editor';
import { saveAgenda, startNextStep } from '../planning/facilitation-actions';
import type { RunTask } from './run-task';
import { onStepActionsChange, runStepActions, stepActionAvailable } from './step-actions';

const ACTION_LABEL: Record<AgendaStepAction, string> = {
  snapshot: 'snapshot',
  vote: 'vote',
  private: 'private round',
};

/** Which step actions can run here, re-read when one is registered. */
function useAvailableActions(): string {
  return useSyncExternalStore(onStepActionsChange, () =>
    AGENDA_STEP_ACTIONS.filter(stepActionAvailable).join(','),
  );
}

/**
 * The agenda: everyone sees the steps and which one runs; the facilitator sets it up from the
 * cross-team template, edits titles, time boxes and what starting a step does, and moves on.
 */
export function AgendaSection({
  editor,
  agenda,
  isFacilitator,
  by,
  run,
  busy,
}: {
  editor: BoardEditor;
  agenda: Agenda | null;
  isFacilitator: boolean;
  by: string;
  run: RunTask;
  busy: boolean;
}) {
  const available = useAvailableActions().split(',');
  if (!agenda && !isFacilitator) return null;
  const editing = isFacilitator && agenda !== null && agenda.current === null;
  const update = (steps: AgendaStep[]) => agenda && saveAgenda(editor, { ...agenda, steps });
  const patch = (index: number, change: Partial<AgendaStep>) =>
    agenda && update(agenda.steps.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const upcoming = agenda ? nextStep(agenda) : null;

  const next = () =>
    agenda &&
    run(async () => {
      const started = startNextStep(editor, agenda, Date.now());
      if (started === undefined) return 'The agenda could not move on (read-only?)';
      if (started === null) return 'Agenda done';
      const notes = await runStepActions({ step: started, by });
      return [`Started “${started.title}”`, ...notes].join(' · ');
    });

  return (
    <section className="fac-section" data-testid="agenda">
      <div className="fac-row">
        <h3 className="fac-grow">Agenda</h3>
        {agenda && <span className="muted small">{agendaProgress(agenda)}</span>}
      </div>
      {!agenda && (
        <button
          type="button"
          className="button button-small"
          data-testid="agenda-template"
          onClick={() => saveAgenda(editor, agendaFromTemplate(CROSS_TEAM_AGENDA, newItemId))}
        >
          Set up a cross-team prioritization
        </button>
      )}
      {agenda && (
        <ol className="fac-agenda" data-testid="agenda-steps">
          {agenda.steps.map((step, index) => (
            <li
              key={step.id}
              className={`fac-agenda-step${agenda.current === index && !agenda.done ? ' fac-agenda-now' : ''}`}
              data-testid="agenda-step"
              data-current={agenda.current === index && !agenda.done}
            >
              {editing ? (
                <div className="fac-column">
                  <div className="fac-row">
                    <input
                      className="fac-input fac-grow"
                      aria-label={`Step ${index + 1} title`}
                      data-testid="agenda-step-title"
                      value={step.title}
                      maxLength={200}
                      onChange={(e) =>
                        e.target.value.trim() && patch(index, { title: e.target.value })
                      }
                    />
                    <input
                      className="fac-input fac-minutes"
                      type="number"
                      min={1}
                      max={MAX_STEP_MINUTES}
                      aria-label={`Step ${index + 1} minutes`}
                      data-testid="agenda-step-minutes"
                      value={step.minutes}
                      onChange={(e) => {
                        const minutes = Math.round(Number(e.target.value));
                        if (minutes >= 1 && minutes <= MAX_STEP_MINUTES) patch(index, { minutes });
                      }}
                    />
                    <button
                      type="button"
                      className="button button-ghost button-small"
                      aria-label={`Remove step ${index + 1}`}
                      onClick={() => update(agenda.steps.filter((_, i) => i !== index))}
                    >
                      ×
                    </button>
                  </div>
                  <div className="fac-row small">
                    Starting it:
                    {AGENDA_STEP_ACTIONS.filter(
                      (action) => available.includes(action) || step.actions.includes(action),
                    ).map((action) => (
                      <label key={action} className="fac-row">
                        <input
                          type="checkbox"
                          data-testid={`agenda-step-${action}`}
                          checked={step.actions.includes(action)}
                          onChange={(e) =>
                            patch(index, {
                              actions: e.target.checked
                                ? [...step.actions, action]
                                : step.actions.filter((a) => a !== action),
                            })
                          }
                        />
                        {ACTION_LABEL[action]}
                      </label>
                    ))}
                  </div>
                </div>
              ) : (
                <span>
                  {step.title} <span className="muted small">{step.minutes} min</span>
                  {step.actions.length > 0 && (
                    <span className="muted small">
                      {' '}
                      · {step.actions.map((a) => ACTION_LABEL[a]).join(', ')}
                    </span>
                  )}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {isFacilitator && agenda && (
        <div className="fac-row">
          {editing && agenda.steps.length < MAX_AGENDA_STEPS && (
            <button
              type="button"
              className="button button-ghost button-small"
              data-testid="agenda-add-step"
              onClick={() =>
                update([
                  ...agenda.steps,
                  { id: newItemId(), title: 'New step', minutes: 10, actions: [] },
                ])
              }
            >
              Add step
            </button>
          )}
          {!agenda.done && agenda.steps.length > 0 && (
            <button
              type="button"
              className="button button-small button-primary"
              data-testid="agenda-next"
              disabled={busy}
              onClick={() => void next()}
            >
              {upcoming ? `Start “${upcoming.title}”` : 'Finish the agenda'}
            </button>
          )}
          {agenda.current !== null && (
            <button
              type="button"
              className="button button-ghost button-small"
              data-testid="agenda-reset"
              onClick={() => saveAgenda(editor, resetAgenda(agenda))}
            >
              Back to planning
            </button>
          )}
          {editing && (
            <button
              type="button"
              className="button button-ghost button-small"
              data-testid="agenda-remove"
              onClick={() => window.confirm('Remove the agenda?') && saveAgenda(editor, null)}
            >
              Remove
            </button>
          )}
        </div>
      )}
    </section>
  );
}
