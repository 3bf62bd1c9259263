import * as Y from 'yjs';
import { applyGuardedUpdate } from './guard';
import type { GuardOptions, GuardResult } from './guard';

/**
 * For the per-person guard tests: a server doc seeded by `seed` and a client in sync with it;
 * `send` applies what `change` does on the client to the server through the guard, as the person
 * (or facilitator) given, and brings the client up to date with the result.
 */
export function guardedPair(
  seed: (server: Y.Doc) => void,
  options: (server: Y.Doc) => Partial<GuardOptions> = () => ({}),
) {
  const server = new Y.Doc();
  seed(server);
  const extra = options(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const send = (change: () => void, person: string | null, facilitator = false): GuardResult => {
    const before = Y.encodeStateVector(client);
    change();
    const result = applyGuardedUpdate(server, Y.encodeStateAsUpdate(client, before), {
      origin: 'client',
      revertOrigin: 'revert',
      person,
      facilitator,
      ...extra,
    });
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    return result;
  };
  return { server, client, send };
}
