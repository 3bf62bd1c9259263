/*
 * WeBoard's offline shell. A board is kept in IndexedDB, but a reload without a network needs the
 * app itself too: this worker answers page and asset requests network first (an online user always
 * gets the newest build) and falls back to the last good copy. Every page of the app is the same
 * index.html, so one copy serves any board URL. The API and the sync socket are never cached.
 */
const SHELL = 'weboard-shell-v1';
const NOT_CACHED = /^\/(api|sync|healthz|metrics)(\/|$)/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (NOT_CACHED.test(url.pathname)) return;
  event.respondWith(networkFirst(request, request.mode === 'navigate' ? '/' : request));
});

async function networkFirst(request, key) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(key, response.clone()).catch(() => {});
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}
