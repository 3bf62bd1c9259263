import type * as Y from 'yjs';

/*
 * The one module that reads Yjs's insides (issue #17: fence what you borrow). Yjs has no public
 * API for "which map holds this type, under which key" nor for marking a transaction local, and
 * the shape and lock guards need both. yjs is pinned exactly in every package.json, and
 * yjs-internals.test.ts fails when any of these stops working.
 */

/** The shared type that holds `type`, or null for a top-level type. */
export function parentOf<T>(type: Y.AbstractType<T>): Y.AbstractType<unknown> | null {
  return type._item === null ? null : (type._item.parent as Y.AbstractType<unknown>);
}

/** The key `type` sits under in its parent map; null for a top-level type or a list child. */
export function keyInParent<T>(type: Y.AbstractType<T>): string | null {
  return type._item?.parentSub ?? null;
}

/** Whether `type` has been deleted from its parent (it may still be referenced). */
export function isDeleted<T>(type: Y.AbstractType<T>): boolean {
  return type._item?.deleted ?? false;
}

/**
 * Marks a transaction as this peer's own. `applyUpdate` marks its transaction remote; writes of
 * our own in the same transaction would then make Yjs think another peer uses this document's
 * client id, and switch ids.
 */
export function markLocal(transaction: Y.Transaction): void {
  transaction.local = true;
}
