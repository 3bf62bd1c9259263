import * as Y from 'yjs';
import type { IdleBoard } from '../types';
import type { ServerHooks } from './hooks';
import type { Room } from './room';

/**
 * "The last person left this board" as a server hook, for the listeners of `app.sync.onBoardIdle`
 * (automatic snapshots): they get the board's state when anything changed since it was loaded or
 * since they last got it. An unchanged board is not even encoded (nor decoded, if nobody needed
 * its document).
 */
export function idleBoardHooks(
  listeners: ReadonlySet<(board: IdleBoard) => Promise<void>>,
): ServerHooks {
  const changed = new WeakSet<Room>();
  return {
    name: 'idle boards',
    onChange({ room }) {
      changed.add(room);
    },
    async onStoreDocument({ boardId, room }) {
      if (!changed.has(room)) return;
      // Read now: the room may be unloaded while the listeners await.
      const board: IdleBoard = { boardId, changed: true, state: Y.encodeStateAsUpdate(room.doc) };
      changed.delete(room);
      for (const listener of listeners) await listener(board);
    },
  };
}
