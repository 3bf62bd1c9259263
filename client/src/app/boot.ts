import { openSyncSocketEarly } from '../collab/early-socket';
import { openedBeforeThisPage, resolveToken } from './recent-boards';
import { parseRoute } from './route-path';

/**
 * On a board URL with a token, opens the board's websocket for the provider to take
 * (early-socket.ts); returns the board id and token, or null on any other page. Runs twice on a
 * board page: first in the page's inline boot script (index.html, built from boot-inline.ts),
 * while the page's code is still downloading, then from the page's first chunk (early.ts), which
 * opens nothing when the socket is open already (and opens it when the page has no boot script:
 * the dev server's).
 */
export function openBoardSocketEarly(
  location: Location = window.location,
): { boardId: string; token: string } | null {
  const route = parseRoute(location.pathname);
  if (route.name !== 'board') return null;
  const token = resolveToken(route.boardId, location.search);
  if (!token) return null;
  // With a copy here, the provider asks once the copy is read (connectBoard's `copyFirst`).
  openSyncSocketEarly(route.boardId, token, !openedBeforeThisPage(route.boardId));
  return { boardId: route.boardId, token };
}
