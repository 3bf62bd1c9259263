import * as Y from 'yjs';
import { parentOf } from './yjs-internals';

/** Top-level type → its name (Yjs finds it by a scan of the document's top-level types). */
const rootNames = new WeakMap<object, string>();

/** The name of a top-level type, looked up once per type (the guards ask per changed type). */
export function rootName(root: Y.AbstractType<unknown>): string {
  let name = rootNames.get(root);
  if (name === undefined) rootNames.set(root, (name = Y.findRootTypeKey(root)));
  return name;
}

/**
 * Whether `transaction` changed `map` itself or a type nested in it, without building the set of
 * changed keys: most updates touch one map, and each guard looks at its own.
 */
export function changedWithin(map: object, transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) {
    for (
      let current: Y.AbstractType<unknown> | null = type as Y.AbstractType<unknown>;
      current !== null;
      current = parentOf(current)
    )
      if (current === map) return true;
  }
  return false;
}
