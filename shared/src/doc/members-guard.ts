import type * as Y from 'yjs';
import { MapCopy, captureMap, putBackRefused } from './map-copy';
import type { RecordsView } from './map-copy';
import { membersMap } from './members';

/*
 * Per-person authority over `members` (see guard.ts): the record under a user id says who that
 * person is and which team they picked, and only they write it. A connection the server knows as
 * person P may change only the record under P; anything else it touches there is put back inside
 * the transaction that applied it, so a script cannot move other people between teams (which
 * would move their votes and private-round drafts). Facilitators are not checked.
 */

/** A copy of the members map kept current after each transaction. */
export class MembersCopy extends MapCopy {
  constructor(doc: Y.Doc) {
    super(doc, membersMap);
  }
}

/** What to capture before a change when no MembersCopy is kept: the whole map (linear). */
export function captureMembers(doc: Y.Doc): RecordsView {
  return captureMap(membersMap(doc));
}

/**
 * Puts back, in the running `transaction`, every member record it changed that is not `person`'s
 * (null: a connection with no person may change none); returns the keys put back.
 */
export function restoreOthersMembers(
  doc: Y.Doc,
  transaction: Y.Transaction,
  before: RecordsView,
  person: string | null,
): string[] {
  return putBackRefused(membersMap(doc), transaction, before, (key) => key === person);
}
