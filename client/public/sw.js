/*
 * WeBoard's offline shell. A board is kept in IndexedDB, but a reload without a network needs the
 * app itself too: this worker answers page requests network first (an online user always gets the
 * newest build, whose index.html names its files) and falls back to the last good copy. Every page
 * of the app is the same index.html, so one copy serves any board URL. The build's files under
 * /assets/ are named after their content, so a kept copy is the file: they come from the cache
 * first, with no request at all (a returning visitor's page code no longer waits for the server,
 * nor is written to the cache again on every visit). The API and the sync socket are never cached.
 */
const SHELL = 'weboard-shell-v1';
const NOT_CACHED = /^\/(api|sync|healthz|metrics)(\/|$)/;
const HASHED = /^\/assets\//;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (NOT_CACHED.test(url.pathname)) return;
  if (HASHED.test(url.pathname)) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request, request.mode === 'navigate' ? '/' : request));
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone()).catch(() => {});
  return response;
}

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
