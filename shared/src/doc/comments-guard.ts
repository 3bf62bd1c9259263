import * as Y from 'yjs';
import { parseCommentKey } from '../schema/comment';
import { commentsMap } from './comments-doc';
import { MapCopy, captureMap, putBackRefused } from './map-copy';
import type { RecordsView } from './map-copy';
import { sameValue } from './reconcile';

/*
 * Per-person authority over comments (see guard.ts for how a guarded apply uses this, and
 * reactions-guard.ts for the same rule on reactions). A connection the server knows as person P:
 * - writes comments only as P (a new comment's authorId is P), and edits or deletes only its own;
 * - opens threads only as P; resolves or reopens anyone's thread (that is what a thread is for)
 *   but changes nothing else of it; removes a thread only once no comment of it is left.
 * Anything else it touches in the comments map is put back inside the transaction that applied
 * it. Facilitators are not checked (they moderate); the server's own changes are not either.
 */

/** A copy of the comments map kept current after each transaction. */
export class CommentsCopy extends MapCopy {
  constructor(doc: Y.Doc) {
    super(doc, commentsMap);
  }
}

/** What to capture before a change when no CommentsCopy is kept: the whole map (linear). */
export function captureComments(doc: Y.Doc): RecordsView {
  return captureMap(commentsMap(doc));
}

/** The authorId a record names, or null (out of shape: the shape guard deals with it). */
function authorOf(value: unknown): string | null {
  if (!value || typeof value !== 'object' || value instanceof Y.AbstractType) return null;
  const author = (value as { authorId?: unknown }).authorId;
  return typeof author === 'string' ? author : null;
}

/** The thread's fields nobody but its author's first write sets (resolving leaves them). */
const THREAD_FIXED = ['itemId', 'authorId', 'name', 'createdAt'] as const;

function sameThreadBesidesResolving(was: unknown, now: unknown): boolean {
  if (!was || !now || typeof was !== 'object' || typeof now !== 'object') return false;
  if (was instanceof Y.AbstractType || now instanceof Y.AbstractType) return false;
  const a = was as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  return THREAD_FIXED.every((field) => sameValue(a[field], b[field]));
}

/** Whether person P may turn `was` into `now` under `key` (undefined: no record there). */
function mayChange(
  map: Y.Map<unknown>,
  key: string,
  was: unknown,
  now: unknown,
  person: string,
): boolean {
  const parsed = parseCommentKey(key);
  // A key no record may have: the shape guard removes it; nobody's record is touched.
  if (!parsed) return was === undefined;
  const own = (value: unknown) => value === undefined || authorOf(value) === person;
  if (parsed.kind === 'comment') return own(was) && own(now);
  if (was === undefined) return own(now);
  if (now === undefined) {
    const prefix = `${parsed.threadId}/`;
    for (const other of map.keys()) if (other.startsWith(prefix)) return false;
    return true;
  }
  return sameThreadBesidesResolving(was, now);
}

/**
 * Puts back, in the running `transaction`, every comment record it changed that `person` may not
 * change (null: a connection with no person may change none); returns the keys put back.
 */
export function restoreOthersComments(
  doc: Y.Doc,
  transaction: Y.Transaction,
  before: RecordsView,
  person: string | null,
): string[] {
  const map = commentsMap(doc);
  return putBackRefused(
    map,
    transaction,
    before,
    (key, was, now) => person !== null && mayChange(map, key, was, now, person),
    // Comments first: a thread may go only once its comments are gone for good.
    (a, b) => Number(b.includes('/')) - Number(a.includes('/')),
  );
}
