import { z } from 'zod';

/** `session.privateRound`: present while a round runs. */
export const privateRoundValidator = z.object({
  /** Changes with every round, so a client can tell a new round from the one it drafted in. */
  id: z.string().min(1).max(64),
  /** The facilitator who started it (their name). */
  startedBy: z.string().max(200),
  /** Epoch ms (server clock). */
  startedAt: z.number().finite(),
});
export type PrivateRound = z.infer<typeof privateRoundValidator>;
