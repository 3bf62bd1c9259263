import { useSyncExternalStore } from 'react';

/** The screens of the app, parsed from `location.pathname`. */
export type Route =
  { name: 'landing' } | { name: 'board'; boardId: string } | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'landing' };
  const board = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (board) return { name: 'board', boardId: decodeURIComponent(board[1]!) };
  return { name: 'not-found' };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** Client-side navigation to a same-origin path (with query string). */
export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current location, as `pathname + search`, re-rendering on navigation. */
export function useLocationPath(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.pathname + window.location.search,
    () => '/',
  );
}
