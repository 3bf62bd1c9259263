import { describe, expect, it } from 'vitest';
import {
  CROSS_TEAM_AGENDA,
  advanceAgenda,
  agendaFromTemplate,
  agendaProgress,
  currentStep,
  nextStep,
  resetAgenda,
} from './agenda';

let n = 0;
const fresh = () => agendaFromTemplate(CROSS_TEAM_AGENDA, () => `s${++n}`);

describe('agenda', () => {
  it('runs the cross-team template step by step, then ends', () => {
    let agenda = fresh();
    expect(agenda.steps.map((s) => s.title)).toEqual([
      'Teams import and draft',
      'Link dependencies',
      'Resolve conflicts',
      'Vote',
      'Decide',
    ]);
    expect(currentStep(agenda)).toBeNull();
    expect(nextStep(agenda)?.title).toBe('Teams import and draft');
    expect(agendaProgress(agenda)).toBe('5 steps, not started');
    const started: string[] = [];
    for (let i = 0; i < 5; i++) {
      const moved = advanceAgenda(agenda, 1000 * i);
      agenda = moved.agenda;
      started.push(`${moved.started?.title}:${moved.started?.actions.join('+')}`);
      expect(agenda.startedAt).toBe(1000 * i);
      expect(currentStep(agenda)).toBe(moved.started);
    }
    expect(started).toEqual([
      'Teams import and draft:snapshot',
      'Link dependencies:',
      'Resolve conflicts:',
      'Vote:vote',
      'Decide:snapshot',
    ]);
    expect(agendaProgress(agenda)).toBe('Step 5 of 5');
    expect(nextStep(agenda)).toBeNull();
    const end = advanceAgenda(agenda, 9000);
    expect(end.started).toBeNull();
    expect(end.agenda).toMatchObject({ done: true, startedAt: null });
    expect(currentStep(end.agenda)).toBeNull();
    expect(advanceAgenda(end.agenda, 9999).agenda).toBe(end.agenda);
    expect(resetAgenda(end.agenda)).toMatchObject({ current: null, done: false });
  });

  it('does nothing with no steps', () => {
    const empty = { steps: [], current: null, startedAt: null, done: false };
    expect(advanceAgenda(empty, 1)).toEqual({ agenda: empty, started: null });
  });

  it('copies the template, so editing one agenda never changes it', () => {
    const agenda = fresh();
    agenda.steps[0]!.actions.push('private');
    expect(CROSS_TEAM_AGENDA[0]!.actions).toEqual(['snapshot']);
  });
});
