import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/** The comment popover: which item's threads it shows, and the thread to bring forward. */
export interface OpenComments {
  itemId: string;
  /** The thread to show first (and unfold, when resolved); null: the item's threads as they are. */
  threadId: string | null;
  /** Start with the new-thread box focused (the selection toolbar's Comment button). */
  compose?: boolean;
}

/** The open comment popover, or null. One at a time, like FigJam's. */
export const openComments: Store<OpenComments | null> = createStore<OpenComments | null>(null);

const MAX_READ = 1000;

/*
 * Which mentions of you you have read, per board and person, in this browser only (it is nobody
 * else's business and needs no server): a list of comment ids in localStorage.
 */
const readKey = (boardId: string, userId: string) => `weboard.mentionsRead.${boardId}.${userId}`;

function loadRead(boardId: string, userId: string): ReadonlySet<string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(readKey(boardId, userId)) ?? '[]');
    return new Set(Array.isArray(saved) ? saved.filter((s) => typeof s === 'string') : []);
  } catch {
    return new Set();
  }
}

/** The mentions read on one board by one person, remembered in localStorage. */
export interface ReadMentions {
  readonly read: Store<ReadonlySet<string>>;
  markRead(commentIds: Iterable<string>): void;
}

export function createReadMentions(boardId: string, userId: string): ReadMentions {
  const read = createStore(loadRead(boardId, userId));
  return {
    read,
    markRead(commentIds) {
      const current = read.get();
      const added = [...commentIds].filter((id) => !current.has(id));
      if (added.length === 0) return;
      // The newest marks are kept when the list grows long; old ones belong to old comments.
      const next = [...current, ...added].slice(-MAX_READ);
      read.set(new Set(next));
      try {
        localStorage.setItem(readKey(boardId, userId), JSON.stringify(next));
      } catch {
        // Private mode: read for this page only.
      }
    },
  };
}
