import { roleAtLeast } from '@weboard/shared';
import type { BoardItem, Role } from '@weboard/shared';
import type * as Y from 'yjs';
import { createStore } from '../lib/store';
import type { Store } from '../lib/store';

/*
 * The change gate: the one place that knows who may change what, now. Every write the editor and
 * the planning/facilitation actions make goes through `write`, which tags it LOCAL_ORIGIN.
 */

/** Transaction origin of every change made through the editor, so undo/persistence can tell. */
export const LOCAL_ORIGIN = 'weboard:local';

/** True for a change this person made through the editor or an action (not a remote one). */
export function isOwnChange(transaction: Y.Transaction): boolean {
  return transaction.origin === LOCAL_ORIGIN;
}

/**
 * Why the board is read-only for this person right now: a viewer's link, a snapshot preview open
 * over the live board, a board written by a newer WeBoard. Any one of them stops every change.
 */
export type ReadOnlyReason = 'viewer' | 'preview' | 'newer-schema';

export interface ChangeGate {
  readonly readOnly: Store<readonly ReadOnlyReason[]>;
  /** True while nothing makes the board read-only for us. */
  writable(): boolean;
  /** True when we may change the board now and, when given, that (possibly locked) item. */
  canChange(item?: BoardItem): boolean;
  /** True when we may change every one of these items (ids no longer on the board pass). */
  canChangeAll(ids: Iterable<string>): boolean;
  /** Runs `fn` as one LOCAL_ORIGIN transaction when allowed; returns whether it ran. */
  write(fn: () => void, itemIds?: Iterable<string>): boolean;
}

export function createChangeGate(
  doc: Y.Doc,
  role: Role,
  lookup: (id: string) => BoardItem | undefined,
): ChangeGate {
  const readOnly = createStore<readonly ReadOnlyReason[]>(
    roleAtLeast(role, 'editor') ? [] : ['viewer'],
  );
  const writable = () => readOnly.get().length === 0;
  const canChange = (item?: BoardItem) =>
    writable() &&
    (!item || (item as { locked?: boolean }).locked !== true || role === 'facilitator');
  const canChangeAll = (ids: Iterable<string>) => {
    for (const id of ids) if (!canChange(lookup(id))) return false;
    return true;
  };
  const write = (fn: () => void, itemIds: Iterable<string> = []) => {
    if (!writable() || !canChangeAll(itemIds)) return false;
    doc.transact(fn, LOCAL_ORIGIN);
    return true;
  };
  return { readOnly, writable, canChange, canChangeAll, write };
}
