import { z } from 'zod';

export const DECISION_KEY_PREFIX = 'decision:';
export const MAX_DECISION_ITEMS = 50;

export const decisionValidator = z.object({
  text: z.string().trim().min(1).max(1000),
  by: z.string().max(200),
  at: z.number().finite().nonnegative(),
  /** Cards the decision is about (ids of items; a removed card is shown as such). */
  itemIds: z.array(z.string().min(1).max(64)).max(MAX_DECISION_ITEMS),
  /** The agenda step it was taken in, by title, when one was running. */
  step: z.string().max(200).optional(),
});
export type DecisionRecord = z.infer<typeof decisionValidator>;

/** Whether `key` of the session map may hold a decision. */
export function isDecisionKey(key: string): boolean {
  return (
    key.startsWith(DECISION_KEY_PREFIX) &&
    key.length > DECISION_KEY_PREFIX.length &&
    key.length <= 80
  );
}
