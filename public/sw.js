// Keeps the map working offline after a first visit. On install it caches
// the app shell: the page and every file it names (script, WebAssembly,
// style sheet, icon, manifest). Files whose names carry Trunk's content
// hash never change, so they come from the cache first. The page, the
// loader and the published data come from the network first, and from the
// cache when the network fails, so a person offline sees the forces they
// viewed, and the page says when that data was built. The page checks every
// data file against its manifest's SHA-256 either way.
"use strict";
const CACHE = "community-harm-map";
const PAGE = new URL("./", self.location.href).href;
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;

// The files of this site that the page `html` names.
function namedBy(html) {
  const named = [...html.matchAll(/(?:href|src|data-js|data-wasm)="([^"]+)"/g)]
    .map(m => new URL(m[1], PAGE))
    .filter(u => u.origin === self.location.origin)
    .map(u => u.href);
  return [...new Set(named)];
}

self.addEventListener("install", event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch(PAGE, { cache: "no-cache" });
    if (!page.ok) throw new Error(`the page answered ${page.status}`);
    const html = await page.clone().text();
    await cache.put(PAGE, page);
    await cache.addAll(namedBy(html));
    await self.skipWaiting();
  })());
});

// A new deployment names new hashed files (the worker itself may be
// unchanged, so it is not installed again): the ones the page no longer
// names are dropped, so the cache holds one copy of the app, not one per release.
async function dropOldAppFiles(html) {
  const current = new Set(namedBy(html));
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (HASHED.test(new URL(request.url).pathname) && !current.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener("activate", event => event.waitUntil(self.clients.claim()));

// Files the page fetched before this worker controlled it.
self.addEventListener("message", event => {
  const names = (event.data && event.data.keep) || [];
  const wanted = names.filter(n => typeof n === "string" && new URL(n).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then(cache => Promise.all(wanted.map(n => cache.add(n).catch(() => {})))));
});

self.addEventListener("fetch", event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, PAGE).then(page => {
      if (page.ok) event.waitUntil(page.clone().text().then(dropOldAppFiles));
      return page;
    }));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// `key` is what the answer is kept as: the page itself for any navigation
// (whatever its query), the request otherwise.
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw offline;
  }
  if (response.ok) {
    await cache.put(key, response.clone());
    return response;
  }
  // A host that is down or refusing answers an error: the last good copy is better.
  return (await cache.match(key)) || response;
}
