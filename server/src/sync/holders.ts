import { ROLES } from '@weboard/shared';
import type { Role } from '@weboard/shared';
import { z } from 'zod';

/**
 * Which connections of a board to close when a power is taken back; every given field must
 * match. `sharedLink`: joined with the role's shared link (not a personal grant).
 */
export interface HolderSelector {
  role?: Role;
  /** Joined with this personal grant's token. */
  grant?: string;
  sharedLink?: boolean;
  /** Owns this awareness client id (the person as the presence list shows them). */
  awarenessClientId?: number;
}

/** What the selector looks at on a connection. */
export interface Holder {
  role: Role;
  grant: string | undefined;
  awarenessClients: ReadonlySet<number>;
}

/** Validates a selector another instance sent (it crosses Redis as JSON). */
export const holderSelectorValidator = z.object({
  role: z.enum(ROLES).optional(),
  grant: z.string().max(64).optional(),
  sharedLink: z.boolean().optional(),
  awarenessClientId: z.number().int().nonnegative().optional(),
});

export function holds(connection: Holder, selector: HolderSelector): boolean {
  if (selector.role !== undefined && connection.role !== selector.role) return false;
  if (selector.grant !== undefined && connection.grant !== selector.grant) return false;
  if (selector.sharedLink !== undefined && (connection.grant === undefined) !== selector.sharedLink)
    return false;
  if (
    selector.awarenessClientId !== undefined &&
    !connection.awarenessClients.has(selector.awarenessClientId)
  )
    return false;
  return true;
}
