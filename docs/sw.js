// Service worker: the site keeps working offline after a first visit.
// - A calculator page, once its runtime is ready, asks it to store the Python runtime listed
//   in runtime/manifest.json (Pyodide and every wheel, openpyxl included, so file uploads
//   work offline too). A reading page registers it too but asks only for its own files:
//   reading the rules downloads no Python (8.6 MB compressed).
// - Runtime files have versioned names and are served from the store first; everything
//   else (pages, scripts, the manifest) goes to the network first and falls back to the
//   store when the network is gone. Only this site's own origin is ever fetched.
"use strict";

const STORE = "cq-calc-v1";
const RUNTIME = new URL("runtime/", self.registration.scope).href;

async function storeRuntime() {
  const res = await fetch(RUNTIME + "manifest.json", { cache: "no-cache" });
  const store = await caches.open(STORE);
  await store.put(RUNTIME + "manifest.json", res.clone());
  const manifest = await res.json();
  const files = [...manifest.files, ...manifest.wheels].map((f) => RUNTIME + f.file);
  for (const url of files) {
    if (await store.match(url)) continue;
    // The page has just loaded most of these: take them from the HTTP cache, not the network.
    const file = await fetch(url, { cache: "force-cache" });
    if (!file.ok) throw new Error(`${url}: ${file.status}`);
    await store.put(url, file);
  }
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== STORE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// A page asks to keep itself and its scripts and styles (fetched before this worker ran);
// a calculator page also the runtime ({runtime: true}).
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  const own = [...new Set(event.data.urls.map((u) => u.split("#")[0]))]
    .filter((u) => u.startsWith(self.registration.scope));
  // Only what is not stored yet: once this worker controls the pages, every fetch is
  // stored as it passes (networkFirst), so later pages add nothing here.
  caches.open(STORE)
    .then(async (store) => {
      if (event.data.runtime) await storeRuntime();
      const missing = [];
      for (const url of own) if (!(await store.match(url))) missing.push(url);
      await store.addAll(missing);
    })
    .then(() => event.ports[0].postMessage({ ok: true }))
    .catch((err) => event.ports[0].postMessage({ ok: false, error: String(err) }));
});

function versioned(url) {
  return url.startsWith(RUNTIME) && !url.endsWith("/manifest.json");
}

async function storeFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) (await caches.open(STORE)).put(request, res.clone());
  return res;
}

async function networkFirst(request) {
  try {
    const res = await fetch(request);
    if (res.ok) (await caches.open(STORE)).put(request, res.clone());
    return res;
  } catch (err) {
    const hit = await caches.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const url = event.request.url;
  if (event.request.method !== "GET" || !url.startsWith(self.registration.scope)) return;
  event.respondWith(versioned(url) ? storeFirst(event.request) : networkFirst(event.request));
});
