import { useSyncExternalStore } from 'react';

export { parseRoute } from './route-path';
export type { Route } from './route-path';

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
