import { createHash, timingSafeEqual } from 'node:crypto';
import type { BoardStore } from '../storage/board-store';

/*
 * Who a sync connection speaks for. A browser's user id is its own random id, which anyone on
 * the board can read (reaction records are keyed by it), so claiming it proves nothing: the
 * connection also carries the browser's secret (the one hidden votes use), and the first
 * connection of a user id on a board binds the secret's hash. Later connections of that id must
 * carry the same secret, or they speak for nobody. The binding is a row of the board store's
 * `ballots` table under the user id prefixed `person` and a newline (a newline cannot travel in
 * a vote's header, so no vote request can name it; see http/confidence.ts for the same trick), so
 * it survives restarts and every instance sees it.
 */

const ROW_PREFIX = 'person\n';
const MAX_USER_ID = 200;
const MIN_SECRET = 16;
const MAX_SECRET = 200;

function hash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Outcome of proving a person: their user id, or why the connection speaks for nobody. */
export type PersonProof = { person: string } | { refused: string };

/**
 * Proves the person a connection declares (`userId`, `secret` from its query), binding the secret
 * on the board's first connection of that id.
 */
export async function provePerson(
  store: BoardStore,
  boardId: string,
  userId: unknown,
  secret: unknown,
): Promise<PersonProof> {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID)
    return { refused: 'no user id' };
  if (typeof secret !== 'string' || secret.length < MIN_SECRET || secret.length > MAX_SECRET)
    return { refused: 'no user secret' };
  const mine = hash(secret);
  const rowId = ROW_PREFIX + userId;
  const row = (await store.loadBallots(boardId)).find((ballot) => ballot.userId === rowId);
  if (row) {
    const known = Buffer.from(row.secretHash);
    return known.length === mine.length && timingSafeEqual(known, mine)
      ? { person: userId }
      : { refused: 'user secret does not match' };
  }
  await store.saveBallot(boardId, { userId: rowId, sessionId: '', secretHash: mine, votes: {} });
  return { person: userId };
}
