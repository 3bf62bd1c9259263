import { z } from 'zod';
import { AGREEMENT_STATES } from '../planning/agreements';

const recordId = z.string().min(1).max(64);

/**
 * The agreement on one dependency: stored in the board's `agreements` map under the depends-on
 * connector's id, one plain record each (see planning/agreements.ts for the rules).
 */
export const agreementValidator = z.object({
  state: z.enum(AGREEMENT_STATES),
  fromTeamId: recordId.optional(),
  toTeamId: recordId.optional(),
  laneId: recordId.optional(),
  requestedBy: z.string().max(200),
  answeredBy: z.string().max(200).optional(),
  note: z.string().max(500).optional(),
});
