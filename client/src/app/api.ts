import type { ApiError, BoardInfo, ColorName, CreateBoardResponse } from '@weboard/shared';

/** A REST call that failed; `status` is 0 when the server could not be reached at all. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, 'WB_ERR_NETWORK', 'The server could not be reached.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as Partial<ApiError> | null)?.error;
    throw new ApiRequestError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `Request failed (${response.status} ${response.statusText}).`,
    );
  }
  return body as T;
}

/** `POST /api/boards`: creates a board and returns its role links. */
export function createBoard(
  title: string,
  options: { template?: string; teams?: { name: string; color: ColorName }[] } = {},
): Promise<CreateBoardResponse> {
  return request('/api/boards', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, ...options }),
  });
}

/** `GET /api/boards/:id`: the board's title and the role our token grants. */
export function fetchBoardInfo(boardId: string, token: string): Promise<BoardInfo> {
  return request(`/api/boards/${encodeURIComponent(boardId)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}
