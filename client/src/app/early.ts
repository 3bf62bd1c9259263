import { prefetchBoardInfo } from './board-info';
import { openBoardSocketEarly } from './boot';
import { parseRoute } from './route-path';

/** The board page's code: one promise, so an early start and React's lazy load share the download. */
export const loadBoardPage = () => import('./BoardPage');

/**
 * On a board URL, starts what the board needs before React renders anything: its code (the
 * largest chunk), its info request and its websocket (which asks for the whole board when this
 * browser has not opened it before) go out while this chunk is still starting up, instead of one
 * after the other behind each render. The websocket is usually open already, by the page's inline
 * boot script (boot.ts).
 */
export function startBoardEarly(location: Location = window.location): void {
  if (parseRoute(location.pathname).name !== 'board') return;
  void loadBoardPage().catch(() => undefined); // React's lazy load reports a failure
  const board = openBoardSocketEarly(location);
  if (board) prefetchBoardInfo(board.boardId, board.token);
}
