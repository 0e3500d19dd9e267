/*
 * Convivialité's service worker: the app opens without a network (the visitor at a door with no
 * signal). On install it stores the whole app shell: index.html and every file of the build,
 * the screens loaded on demand included (the build writes their hashed names in PRECACHE, see
 * src/web/precache-plugin.ts, and a new build changes VERSION, so phones install it). Pages
 * come from the network when there is one and fall back to the stored shell; built assets come
 * from the store. The API is never cached here: the day is kept by the app itself with the time
 * of its synchronisation, and reports go through the app's outbox.
 */
const VERSION = 'dev';
const PRECACHE = [];
const CACHE = `convivialite-${VERSION}`;
const SHELL = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-maskable.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...SHELL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('convivialite-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The response, stored for next time when it is a good one. */
function keep(request, response) {
  if (response.ok) {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The newest app when online; the stored shell (index.html) for any route when not.
    event.respondWith(
      fetch(request)
        .then((response) => keep(new Request('/'), response))
        .catch(() =>
          caches
            .open(CACHE)
            .then((cache) => cache.match('/'))
            .then((cached) => cached || Response.error()),
        ),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Built assets have a hash in their name: a stored one never goes stale.
    event.respondWith(
      caches
        .match(request)
        .then((cached) => cached || fetch(request).then((response) => keep(request, response))),
    );
    return;
  }
  // The manifest and icons: fresh when possible, stored otherwise.
  event.respondWith(
    fetch(request)
      .then((response) => keep(request, response))
      .catch(() => caches.match(request).then((cached) => cached || Response.error())),
  );
});
