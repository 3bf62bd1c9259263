import type { AgendaStep, AgendaStepAction } from '@weboard/shared';

/** What a step action gets to work with when the facilitator starts a step. */
export interface StepActionContext {
  step: AgendaStep;
  /** The facilitator's display name. */
  by: string;
}

/** Runs one step action; returns a short note for the panel ("Vote started"), or undefined. */
export type StepActionHandler = (context: StepActionContext) => Promise<string | undefined>;

/*
 * Handlers of the step actions, registered by the part of the client that owns each: the session
 * panel registers `snapshot` and `vote`; private rounds register `private` when they exist. A
 * step whose action has no handler says so instead of silently skipping it, and the agenda
 * editor offers only the actions that have one.
 */
const handlers = new Map<AgendaStepAction, StepActionHandler>();
const listeners = new Set<() => void>();

/** Registers the handler of a step action; returns the unregister. */
export function registerStepAction(
  action: AgendaStepAction,
  handler: StepActionHandler,
): () => void {
  handlers.set(action, handler);
  for (const listener of listeners) listener();
  return () => {
    if (handlers.get(action) !== handler) return;
    handlers.delete(action);
    for (const listener of listeners) listener();
  };
}

/** Whether a step action can run here. */
export function stepActionAvailable(action: AgendaStepAction): boolean {
  return handlers.has(action);
}

/** Calls `listener` whenever a handler comes or goes; returns the unsubscribe. */
export function onStepActionsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs the actions of a started step in order; returns their notes (failures as notes too). */
export async function runStepActions(context: StepActionContext): Promise<string[]> {
  const notes: string[] = [];
  for (const action of context.step.actions) {
    const handler = handlers.get(action);
    if (!handler) {
      notes.push(`“${action}” is not available here`);
      continue;
    }
    try {
      const note = await handler(context);
      if (note) notes.push(note);
    } catch (err) {
      notes.push(`${action} failed: ${(err as Error).message}`);
    }
  }
  return notes;
}
