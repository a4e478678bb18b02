// Starts the map: imports the wasm-bindgen module and its WebAssembly (the
// paths Trunk wrote into this tag, relative to the page; Trunk also preloads
// both from the page's head), preloads the first data files of a force the
// address names, and once the map is drawn registers the service worker that
// keeps the app and the data viewed for offline use.
// A file rather than an inline script, so the Content-Security-Policy can
// allow scripts from the site itself only.
"use strict";
(() => {
  const tag = document.currentScript;
  const page = new URL(".", location.href);
  import(new URL(tag.dataset.js, page).href)
    .then(module => module.default({ module_or_path: new URL(tag.dataset.wasm, page).href }))
    .then(wasm => dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } })));

  // The files the app fetches for a force before it draws its map
  // (`ForceFiles::map_files` in harm-core: keep the two the same), fetched now,
  // beside the WebAssembly, instead of once it has started. Only for a force
  // the address names: without one the app maps the manifest's first.
  const FIRST_FILES = ["ward-outlines.csv", "wards.csv", "crime.csv", "category-weights.csv", "stop-search.csv", "stop-search-force.csv", "use-of-force.csv"];
  const force = new URLSearchParams(location.search).get("force");
  if (force && /^[a-z0-9-]+$/.test(force)) {
    for (const file of FIRST_FILES) {
      const link = document.createElement("link");
      Object.assign(link, { rel: "preload", as: "fetch", crossOrigin: "anonymous", href: new URL(`data/${force}/${file}`, page).href });
      document.head.appendChild(link);
    }
  }

  // Service workers run only on http(s) pages; a page opened from a file has none.
  if (!("serviceWorker" in navigator) || !location.protocol.startsWith("http")) return;
  const data = new URL("data/", page).href;
  // Data fetched without passing through the worker (before it controlled
  // this page: workerStart is 0) is not in its cache: ask it to keep those
  // files too, so the first visit already works offline.
  const keep = names => navigator.serviceWorker.ready.then(r => r.active && r.active.postMessage({ keep: names }));
  new PerformanceObserver(list => {
    const names = list.getEntries().filter(e => e.workerStart === 0 && e.name.startsWith(data)).map(e => e.name);
    if (names.length) keep(names);
  }).observe({ type: "resource", buffered: true });
  // The worker's install fetches the app again to keep it: after the map is
  // drawn (the app says so), so it does not compete with the first view; a
  // view without a map registers it a few seconds after the app has started.
  let registered = false;
  const register = () => {
    if (registered) return;
    registered = true;
    navigator.serviceWorker.register("sw.js").catch(e => console.warn("The map will not work offline:", e));
  };
  addEventListener("map-drawn", register, { once: true });
  addEventListener("TrunkApplicationStarted", () => setTimeout(register, 5000), { once: true });
})();
