/** The cache the service worker (client/public/sw.js) falls back to; the names must agree. */
const SHELL = 'weboard-shell-v1';

/**
 * Installs the offline shell (production builds only): the service worker that lets a reload
 * without a network open the app, which then reads the board from IndexedDB.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
    console.warn('offline shell unavailable:', error);
  });
}

/**
 * Stores the page and every script and stylesheet it has loaded so far, and drops the assets of
 * earlier builds. The worker caches what it serves, but the first visit's files were fetched
 * before it was in control; a board page calls this once it is open, when its lazily loaded code
 * is in too. (Code loaded later, such as PDF export, is cached by the worker when first used.)
 */
export function keepAppForOffline(): void {
  if (!import.meta.env.PROD || !('caches' in window)) return;
  const assets = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => {
      const url = new URL(name);
      return url.origin === window.location.origin && /\.(js|css)$/.test(url.pathname);
    });
  const keep = ['/', ...new Set(assets)];
  caches
    .open(SHELL)
    .then(async (cache) => {
      await cache.addAll(keep);
      // Files of earlier builds (their names carry a content hash) are never asked for again.
      const wanted = new Set(keep.map((url) => new URL(url, window.location.origin).href));
      for (const request of await cache.keys()) {
        const stale =
          new URL(request.url).pathname.startsWith('/assets/') && !wanted.has(request.url);
        if (stale) await cache.delete(request);
      }
    })
    .catch((error: unknown) => console.warn('could not keep the app for offline use:', error));
}
