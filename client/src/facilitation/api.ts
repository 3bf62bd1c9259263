import type { ApiError, BoardGrant, BoardLinks } from '@weboard/shared';

/** A snapshot as the server lists it. */
export interface SnapshotSummary {
  id: string;
  name: string;
  kind: 'named' | 'auto';
  author: string;
  createdAt: string;
  hasThumbnail: boolean;
}

/** A facilitation REST call that failed, with the server's message. */
export class FacilitationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FacilitationError';
  }
}

/**
 * A JSON REST call under `base` (a board's API) carrying the board token; a failure throws a
 * FacilitationError with the server's message.
 */
export function boardCaller(base: string, token: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
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
    const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const message = (json as Partial<ApiError> | null)?.error?.message;
      throw new FacilitationError(
        response.status,
        message ?? `Request failed (${response.status})`,
      );
    }
    return json as T;
  };
}

/** REST calls of facilitation, all carrying the board token. */
export function facilitationApi(boardId: string, token: string) {
  const base = `/api/boards/${encodeURIComponent(boardId)}`;
  const call = boardCaller(base, token);
  return {
    listSnapshots: () => call<SnapshotSummary[]>('GET', '/snapshots'),
    saveSnapshot: (name: string, author: string, thumbnail?: string) =>
      call<SnapshotSummary>('POST', '/snapshots', { name, author, thumbnail }),
    /** The snapshot's whole document, as a Yjs update. */
    async snapshotState(id: string): Promise<Uint8Array> {
      const { state } = await call<{ state: string }>('GET', `/snapshots/${id}`);
      return Uint8Array.from(atob(state), (c) => c.charCodeAt(0));
    },
    thumbnailUrl: (id: string) =>
      `${base}/snapshots/${encodeURIComponent(id)}/thumbnail?token=${encodeURIComponent(token)}`,
    deleteSnapshot: (id: string) => call<unknown>('DELETE', `/snapshots/${id}`),
    /** Restores a snapshot; `thumbnail` (the board now) goes on the automatic snapshot taken first. */
    restoreSnapshot: (id: string, thumbnail?: string) =>
      call<unknown>('POST', `/snapshots/${id}/restore`, thumbnail ? { thumbnail } : undefined),
    links: () => call<BoardLinks>('GET', '/links'),
    rotateLink: (role: 'facilitator' | 'editor' | 'viewer') =>
      call<BoardLinks>('POST', `/links/${role}/rotate`),
    promote: (clientId: number, by: string, name: string) =>
      call<{ grant: BoardGrant }>('POST', '/promote', { clientId, by, name }),
    /** Personal facilitator grants not revoked yet. */
    grants: async () => (await call<{ grants: BoardGrant[] }>('GET', '/grants')).grants,
    demote: (grantId: string) => call<unknown>('DELETE', `/grants/${encodeURIComponent(grantId)}`),
    removePerson: (clientId: number) =>
      call<{ closed: number; revokedGrant: string | null }>('POST', `/people/${clientId}/remove`),
    exportUrl: (format: 'json') =>
      `${base}/export?format=${format}&token=${encodeURIComponent(token)}`,
    importBoardFile: (file: unknown) => call<unknown>('POST', '/import', file),
    /** Starts a private round (the running one if there is one); teams then draft privately. */
    startPrivateRound: (by: string) =>
      call<{ round: { id: string; startedBy: string; startedAt: number } }>(
        'POST',
        '/private-round',
        { by },
      ),
  };
}

export type FacilitationApi = ReturnType<typeof facilitationApi>;
