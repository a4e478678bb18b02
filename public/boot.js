// Starts the map: imports the wasm-bindgen module and its WebAssembly (the
// paths Trunk wrote into this tag, relative to the page), then registers the
// service worker that keeps the app and the data viewed for offline use.
// A file rather than an inline script, so the Content-Security-Policy can
// allow scripts from the site itself only.
"use strict";
(() => {
  const tag = document.currentScript;
  const page = new URL(".", location.href);
  import(new URL(tag.dataset.js, page).href)
    .then(module => module.default({ module_or_path: new URL(tag.dataset.wasm, page).href }))
    .then(wasm => dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } })));

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
  navigator.serviceWorker.register("sw.js").catch(e => console.warn("The map will not work offline:", e));
})();
