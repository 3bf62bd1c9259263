import {
  advanceAgenda,
  removeDecision as removeDecisionRecord,
  setTimer,
  startTimer,
  writeAgenda,
  writeDecision,
  writeTimer,
} from '@weboard/shared';
import type { Agenda, AgendaStep, DecisionRecord } from '@weboard/shared';
import type { BoardEditor } from '../editor/editor';
import { LOCAL_ORIGIN } from '../editor/editor';

/*
 * The facilitation panels' way to change the agenda and the decisions log: through the editor's
 * gate like every change (nothing is written while the board is read-only or previewed). These
 * records live in the session map, which the server keeps facilitator-only; the panels offer the
 * controls to facilitators only.
 */

/** Stores the agenda as the facilitator edited it (null removes it). */
export function saveAgenda(editor: BoardEditor, agenda: Agenda | null): boolean {
  return editor.change(() => writeAgenda(editor.doc, agenda, LOCAL_ORIGIN));
}

/**
 * Moves the agenda on by one step at `now` and sets the session timer to the started step's time
 * box, running, in one change; after the last step the agenda is done and the timer cleared.
 * Returns the started step (null when the agenda ended) or undefined when nothing was written.
 */
export function startNextStep(
  editor: BoardEditor,
  agenda: Agenda,
  now: number,
): AgendaStep | null | undefined {
  const { agenda: next, started } = advanceAgenda(agenda, now);
  if (next === agenda) return undefined;
  const ran = editor.change(() => {
    writeAgenda(editor.doc, next, LOCAL_ORIGIN);
    writeTimer(
      editor.doc,
      started ? startTimer(setTimer(started.minutes * 60_000), now) : null,
      LOCAL_ORIGIN,
    );
  });
  return ran ? started : undefined;
}

/** Records a decision of the room. */
export function recordDecision(editor: BoardEditor, id: string, decision: DecisionRecord): boolean {
  return editor.change(() => writeDecision(editor.doc, id, decision, LOCAL_ORIGIN));
}

/** Takes a decision out of the log (recorded by mistake). */
export function removeDecision(editor: BoardEditor, id: string): boolean {
  return editor.change(() => removeDecisionRecord(editor.doc, id, LOCAL_ORIGIN));
}
