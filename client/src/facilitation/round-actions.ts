import type { ApiError, PrivateRound, PrivateRoundStatus } from '@weboard/shared';
import { FacilitationError } from './api';
import type { SnapshotSummary } from './api';

/**
 * The facilitator's private-round actions. They are REST calls, not document writes: the server
 * starts the round and merges the teams' drafts into the board (see server/src/sync/drafts.ts).
 */
export function privateRoundActions(boardId: string, token: string) {
  const base = `/api/boards/${encodeURIComponent(boardId)}/private-round`;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new FacilitationError(0, 'The server could not be reached.');
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message = (json as Partial<ApiError> | null)?.error?.message;
      throw new FacilitationError(
        response.status,
        message ?? `Request failed (${response.status})`,
      );
    }
    return json as T;
  };
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
