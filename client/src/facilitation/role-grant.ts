import { WeBoardMessageType } from '@weboard/shared';
import type { RoleGrant } from '@weboard/shared';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';

/**
 * Listens for the server's role grant (a facilitator promoted us): the handler receives the new
 * token. y-websocket dispatches by message type through `provider.messageHandlers`.
 */
export function onRoleGrant(
  provider: WebsocketProvider,
  handle: (grant: RoleGrant) => void,
): () => void {
  const handlers = provider.messageHandlers;
  handlers[WeBoardMessageType.RoleGrant] = (_encoder, decoder) => {
    try {
      const grant = JSON.parse(decoding.readVarString(decoder)) as RoleGrant;
      if (typeof grant.token === 'string' && grant.role) handle(grant);
    } catch {
      // A malformed grant is ignored; we keep our current role.
    }
  };
  return () => {
    // A sparse slot, as y-websocket leaves unknown types.
    handlers.splice(WeBoardMessageType.RoleGrant, 1, undefined as unknown as (typeof handlers)[0]);
  };
}
