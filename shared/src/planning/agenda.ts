/*
 * A session's agenda as pure data: steps with a time box each, the step running now, and what
 * moving to a step does (start a vote, take a snapshot, start a private round). The document side
 * is doc/agenda.ts; the client runs the step actions through its facilitation actions.
 */

/** What starting a step may do besides setting the timer to its time box. */
export const AGENDA_STEP_ACTIONS = ['snapshot', 'vote', 'private'] as const;
export type AgendaStepAction = (typeof AGENDA_STEP_ACTIONS)[number];

/** One step: a title, a time box in minutes, and what starting it does. */
export interface AgendaStep {
  id: string;
  title: string;
  minutes: number;
  actions: AgendaStepAction[];
}

/** The agenda of a session. `current` is the index of the running step, null before the start. */
export interface Agenda {
  steps: AgendaStep[];
  current: number | null;
  /** When the current step started (ms since epoch), null before the start and after the end. */
  startedAt: number | null;
  /** True once the facilitator finished the last step. */
  done: boolean;
  /** The snapshot taken when the session started: the summary's "what changed since". */
  baselineSnapshotId?: string | undefined;
}

export const MAX_AGENDA_STEPS = 30;
export const MAX_STEP_MINUTES = 480;

/** Steps of a cross-team prioritization, as a facilitator would run it (editable once set). */
export const CROSS_TEAM_AGENDA: readonly Omit<AgendaStep, 'id'>[] = [
  { title: 'Teams import and draft', minutes: 15, actions: ['snapshot'] },
  { title: 'Link dependencies', minutes: 10, actions: [] },
  { title: 'Resolve conflicts', minutes: 10, actions: [] },
  { title: 'Vote', minutes: 10, actions: ['vote'] },
  { title: 'Decide', minutes: 15, actions: ['snapshot'] },
];

/** A new agenda from a template; `newId` names each step. */
export function agendaFromTemplate(
  template: readonly Omit<AgendaStep, 'id'>[],
  newId: () => string,
): Agenda {
  return {
    steps: template.map((step) => ({ ...step, actions: [...step.actions], id: newId() })),
    current: null,
    startedAt: null,
    done: false,
  };
}

/** The step running now, or null (before the start, after the end). */
export function currentStep(agenda: Agenda): AgendaStep | null {
  if (agenda.done || agenda.current === null) return null;
  return agenda.steps[agenda.current] ?? null;
}

/** The step that "Next" starts: the first one before the start, null after the last one. */
export function nextStep(agenda: Agenda): AgendaStep | null {
  if (agenda.done) return null;
  const index = agenda.current === null ? 0 : agenda.current + 1;
  return agenda.steps[index] ?? null;
}

/**
 * The agenda moved on by one step at `now`: the next step starts, or after the last step the
 * agenda is done. Returns the step that started (null when the agenda ended or was done already).
 */
export function advanceAgenda(
  agenda: Agenda,
  now: number,
): { agenda: Agenda; started: AgendaStep | null } {
  if (agenda.done || agenda.steps.length === 0) return { agenda, started: null };
  const index = agenda.current === null ? 0 : agenda.current + 1;
  const step = agenda.steps[index];
  if (!step) return { agenda: { ...agenda, startedAt: null, done: true }, started: null };
  return { agenda: { ...agenda, current: index, startedAt: now, done: false }, started: step };
}

/** The agenda back before its first step (the steps are kept). */
export function resetAgenda(agenda: Agenda): Agenda {
  return { ...agenda, current: null, startedAt: null, done: false };
}

/** "Step 2 of 5", or where the agenda stands. */
export function agendaProgress(agenda: Agenda): string {
  if (agenda.done) return 'Agenda done';
  if (agenda.current === null) return `${agenda.steps.length} steps, not started`;
  return `Step ${agenda.current + 1} of ${agenda.steps.length}`;
}
