import type { PrivateRound, PrivateRoundStatus } from '@weboard/shared';
import { boardCaller } from './api';
import type { SnapshotSummary } from './api';

/**
 * The facilitator's private-round actions. They are REST calls, not document writes: the server
 * starts the round and merges the teams' drafts into the board (see server/src/sync/drafts.ts).
 */
export function privateRoundActions(boardId: string, token: string) {
  const base = `/api/boards/${encodeURIComponent(boardId)}/private-round`;
  const call = boardCaller(base, token);
  return {
    start: (by: string) => call<{ round: PrivateRound }>('POST', '', { by }),
    status: () => call<PrivateRoundStatus>('GET', ''),
    /** Reveals every draft; `thumbnail` (the board as it looks now) goes on the automatic snapshot. */
    reveal: (thumbnail?: string) =>
      call<{ revealed: { teams: number; changedItems: number }; autoSnapshot: SnapshotSummary }>(
        'POST',
        '/reveal',
        thumbnail ? { thumbnail } : {},
      ),
  };
}
