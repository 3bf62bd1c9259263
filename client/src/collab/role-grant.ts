import { WeBoardMessageType } from '@weboard/shared';
import type { RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';

/** Per provider: the listener, or the grant that came before anyone listened. */
interface Slot {
  handle: ((grant: RoleGrant) => void) | null;
  waiting: RoleGrant | null;
}

const slots = new WeakMap<WebsocketProvider, Slot>();

/**
 * Takes the server's role grants (a facilitator promoted or demoted us) from the provider's first
 * message on. y-websocket dispatches by message type through `provider.messageHandlers` and drops
 * a type nobody handles, and the session panel that acts on a grant loads after the first frame:
 * a grant that comes before it listens waits for onRoleGrant instead of being lost.
 */
export function receiveRoleGrants(provider: WebsocketProvider): void {
  slotOf(provider);
}

function slotOf(provider: WebsocketProvider): Slot {
  const known = slots.get(provider);
  if (known) return known;
  const slot: Slot = { handle: null, waiting: null };
  slots.set(provider, slot);
  provider.messageHandlers[WeBoardMessageType.RoleGrant] = (_encoder, decoder) => {
    try {
      const grant = JSON.parse(decoding.readVarString(decoder)) as RoleGrant;
      if (typeof grant.token !== 'string' || !grant.role) return;
      if (slot.handle) slot.handle(grant);
      else slot.waiting = grant;
    } catch {
      // A malformed grant is ignored; we keep our current role.
    }
  };
  return slot;
}

/**
 * Listens for the server's role grant: the handler receives the new token, at once for a grant
 * that came before this listener. Returns the unsubscribe.
 */
export function onRoleGrant(
  provider: WebsocketProvider,
  handle: (grant: RoleGrant) => void,
): () => void {
  const slot = slotOf(provider);
  slot.handle = handle;
  const { waiting } = slot;
  slot.waiting = null;
  if (waiting) handle(waiting);
  return () => {
    if (slot.handle === handle) slot.handle = null;
  };
}
