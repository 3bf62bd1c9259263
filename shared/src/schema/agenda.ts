import { z } from 'zod';
import { AGENDA_STEP_ACTIONS, MAX_AGENDA_STEPS, MAX_STEP_MINUTES } from '../planning/agenda';

/** The key of the session map that holds the agenda (see doc/agenda.ts). */
export const AGENDA_KEY = 'agenda';

export const agendaStepValidator = z.object({
  id: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  minutes: z.number().int().min(1).max(MAX_STEP_MINUTES),
  actions: z.array(z.enum(AGENDA_STEP_ACTIONS)).max(AGENDA_STEP_ACTIONS.length),
});

export const agendaValidator = z
  .object({
    steps: z.array(agendaStepValidator).max(MAX_AGENDA_STEPS),
    current: z
      .number()
      .int()
      .min(0)
      .max(MAX_AGENDA_STEPS - 1)
      .nullable(),
    startedAt: z.number().finite().nullable(),
    done: z.boolean(),
    baselineSnapshotId: z.string().min(1).max(64).optional(),
  })
  .refine((agenda) => agenda.current === null || agenda.current < agenda.steps.length, {
    message: 'the current step is not one of the steps',
    path: ['current'],
  });
