import type { ServerHooks } from '../sync/hooks';
import type { Room } from '../sync/room';
import type { BoardRelay, RelayedBoard } from './redis-relay';

/**
 * The relay as a server hook: a board is attached to the other instances (Redis) once loaded,
 * before anyone joins it, and detached when it is released. A board that cannot attach does not
 * load (its joins fail and a later join tries again).
 */
export function relayHooks(relay: BoardRelay): ServerHooks {
  const attached = new Map<Room, RelayedBoard>();
  return {
    name: 'redis relay',
    async afterLoadDocument({ boardId, room }) {
      attached.set(room, await relay.attach(boardId, room.doc, room.awareness));
    },
    afterUnloadDocument({ room }) {
      void attached.get(room)?.detach();
      attached.delete(room);
    },
  };
}
