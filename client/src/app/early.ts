import { prefetchBoardInfo } from './board-info';
import { resolveToken } from './recent-boards';
import { parseRoute } from './route';

/** The board page's code: one promise, so an early start and React's lazy load share the download. */
export const loadBoardPage = () => import('./BoardPage');

/**
 * On a board URL, starts what the board needs before React renders anything: its code (the
 * largest chunk) and its info request go out while this chunk is still starting up, instead of one
 * after the other behind each render.
 */
export function startBoardEarly(location: Location = window.location): void {
  const route = parseRoute(location.pathname);
  if (route.name !== 'board') return;
  void loadBoardPage().catch(() => undefined); // React's lazy load reports a failure
  const token = resolveToken(route.boardId, location.search);
  if (token) prefetchBoardInfo(route.boardId, token);
}
