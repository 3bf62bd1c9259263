import type { BoardInfo } from '@weboard/shared';
import { fetchBoardInfo } from './api';

let early: { key: string; info: Promise<BoardInfo> } | null = null;

const keyOf = (boardId: string, token: string) => `${boardId}\n${token}`;

/** Starts the board's info request now, for `boardInfo` to take when the page asks for it. */
export function prefetchBoardInfo(boardId: string, token: string): void {
  const info = fetchBoardInfo(boardId, token);
  info.catch(() => undefined); // whoever takes it handles the failure
  early = { key: keyOf(boardId, token), info };
}

/** The board's info: the request prefetched for this board and token (taken once), else a new one. */
export function boardInfo(boardId: string, token: string): Promise<BoardInfo> {
  if (early?.key === keyOf(boardId, token)) {
    const { info } = early;
    early = null;
    return info;
  }
  return fetchBoardInfo(boardId, token);
}
