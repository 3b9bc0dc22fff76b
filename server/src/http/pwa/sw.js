// Kinerja's service worker, rendered by the server for each build (VERSION
// and PRECACHE below). It keeps the app shell and the hashed build files in
// a versioned cache so the app opens without a network: page loads try the
// network first (with a timeout, for connections that hang) and fall back to
// the shell; build files come from the cache. A new version installs beside
// the old one and takes over only when the page asks (its update prompt);
// old caches are deleted only once the new one is complete and active.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const SHELL = "/shell";
const NETWORK_TIMEOUT_MS = 5000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("kinerja-") && key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/") || url.pathname === "/healthz") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  event.respondWith(caches.open(VERSION).then((cache) => cache.match(request)).then((hit) => hit || fetch(request)));
});

async function page(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } catch (_) {
    const shell = await caches.open(VERSION).then((cache) => cache.match(SHELL));
    return shell || Response.error();
  } finally {
    clearTimeout(timer);
  }
}
