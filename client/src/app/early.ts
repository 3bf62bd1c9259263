import { openSyncSocketEarly } from '../collab/early-socket';
import { prefetchBoardInfo } from './board-info';
import { openedBeforeThisPage, resolveToken } from './recent-boards';
import { parseRoute } from './route';

/** The board page's code: one promise, so an early start and React's lazy load share the download. */
export const loadBoardPage = () => import('./BoardPage');

/**
 * On a board URL, starts what the board needs before React renders anything: its code (the
 * largest chunk), its info request and its websocket (which asks for the whole board when this
 * browser has not opened it before) go out while this chunk is still starting up, instead of one
 * after the other behind each render.
 */
export function startBoardEarly(location: Location = window.location): void {
  const route = parseRoute(location.pathname);
  if (route.name !== 'board') return;
  void loadBoardPage().catch(() => undefined); // React's lazy load reports a failure
  const token = resolveToken(route.boardId, location.search);
  if (!token) return;
  prefetchBoardInfo(route.boardId, token);
  // With a copy here, the provider asks once the copy is read (connectBoard's `copyFirst`).
  openSyncSocketEarly(route.boardId, token, !openedBeforeThisPage(route.boardId));
}
