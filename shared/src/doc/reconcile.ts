import * as Y from 'yjs';
import { spliceText } from './board-doc';
import { MAP } from './keys';

/**
 * The top-level map that restore and import never touch: the live session (timer, summon, follow)
 * belongs to the meeting in progress, not to the board's content. (An alias of `MAP.session`.)
 */
export const SESSION_MAP = MAP.session;

/** Plain values are compared structurally; Yjs stores them as JSON-like data. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** A detached copy of a stored value, ready to be inserted into another document. */
function copyOf(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.clone() : value;
}

/**
 * Makes `live` equal to `target` with the fewest writes: keys missing from `target` are deleted,
 * nested maps are reconciled in place (so a concurrent edit of an untouched field survives), texts
 * are spliced, and everything else is set only where it differs.
 */
export function reconcileMap(live: Y.Map<unknown>, target: Y.Map<unknown>): void {
  for (const key of [...live.keys()]) {
    if (!target.has(key)) live.delete(key);
  }
  for (const [key, wanted] of target.entries()) {
    const current = live.get(key);
    if (wanted instanceof Y.Map) {
      if (current instanceof Y.Map) reconcileMap(current, wanted);
      else live.set(key, wanted.clone());
    } else if (wanted instanceof Y.Text) {
      if (current instanceof Y.Text) spliceText(current, wanted.toString());
      else live.set(key, wanted.clone());
    } else if (wanted instanceof Y.AbstractType) {
      // Arrays and XML: replaced whole when their content differs.
      if (
        !(current instanceof Y.AbstractType) ||
        current.constructor !== wanted.constructor ||
        !sameValue(current.toJSON(), wanted.toJSON())
      ) {
        live.set(key, copyOf(wanted));
      }
    } else if (current instanceof Y.AbstractType || !sameValue(current, wanted)) {
      live.set(key, wanted);
    }
  }
}

/** Names of the top-level maps of a document (tolerating types that were never read yet). */
export function topLevelMapNames(doc: Y.Doc): string[] {
  const names: string[] = [];
  for (const name of doc.share.keys()) {
    try {
      doc.getMap(name);
      names.push(name);
    } catch {
      // Not a map (no such type exists in our schema); leave it alone.
    }
  }
  return names;
}

/**
 * Makes the content of `live` equal to the content of `target` as one new change (one transaction
 * with `origin`), so every peer receives it like any other edit and history is kept. The session
 * map is left as it is; with `only`, so is every top-level map not named in it.
 */
export function reconcileBoard(
  live: Y.Doc,
  target: Y.Doc,
  options: { origin?: unknown; only?: readonly string[] } = {},
): void {
  const names = new Set([...topLevelMapNames(live), ...topLevelMapNames(target)]);
  names.delete(SESSION_MAP);
  const chosen = [...names].filter((name) => !options.only || options.only.includes(name)).sort();
  live.transact(() => {
    for (const name of chosen) reconcileMap(live.getMap(name), target.getMap(name));
  }, options.origin);
}
