/*
 * The screens of the app, read from a path. Its own module, without React: the page's inline boot
 * script (boot.ts) reads it before any of the page's code has loaded.
 */

/** The screens of the app, parsed from `location.pathname`. */
export type Route =
  { name: 'landing' } | { name: 'board'; boardId: string } | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'landing' };
  const board = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (board) return { name: 'board', boardId: decodeURIComponent(board[1]!) };
  return { name: 'not-found' };
}
