/* The runtime's file:// backends, for the offline copy of the book opened from
 * the disk (runtime.js picks them there). Chromium refuses fetch() and
 * `new Worker()` of file:// URLs, so the offline build (site_hooks/offline/file_copy.py)
 * wrote every file Pyodide fetches as a classic script carrying its bytes in
 * base64, and the scripts the worker runs as text, under assets/offline/, listed
 * in assets/offline/index.js. <script> tags may load those. Then:
 *  - Book.fileWorkerBackend: the usual worker (worker.js), started from a blob:
 *    URL (allowed on file://) with a prelude that answers Pyodide's fetches from
 *    the files handed to it. The page never freezes, and a runaway call can be
 *    ended by terminating the worker, as over http.
 *  - Book.mainThreadBackend: the same worker.js backend on the page itself, for a
 *    browser that refuses blob: workers too.
 * Pyodide is given an address of its own (OFFLINE_BASE) that no network serves:
 * every fetch under it is answered from the data scripts, nothing leaves the page. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  if (Book.fileWorkerBackend) return;

  const OFFLINE_ASSETS = "https://offline.neural-odes-book.invalid/";
  const OFFLINE_BASE = new URL(Book.manifest.runtimeDir, OFFLINE_ASSETS).href; // the runtime's folder there
  const scripts = new Map();

  /** Load a classic script once; resolves when it has run. */
  Book.loadScript = (src) => {
    if (!scripts.has(src)) {
      scripts.set(src, new Promise((resolve, reject) => {
        const el = document.createElement("script");
        el.src = src;
        el.onload = () => resolve();
        el.onerror = () => reject(new Error(`cannot load ${src.split("/").pop()}`));
        document.head.appendChild(el);
      }));
    }
    return scripts.get(src);
  };

  // Data scripts call these with their content; it is taken once.
  const arrived = new Map();
  const offline = (window.NeuralOdesBookOffline = window.NeuralOdesBookOffline || {});
  offline.add = (path, base64) => arrived.set(`file:${path}`, base64);
  offline.addText = (path, text) => arrived.set(`text:${path}`, text);
  // The offline copy served over http (someone ran a web server on the unzipped
  // folder): the zip carries the runtime only as data scripts, so use them there too.
  if (offline.copy && Book.runtimeMode === "worker") Book.runtimeMode = "file-worker";

  function take(key) {
    const value = arrived.get(key);
    if (value === undefined) throw new Error(`the offline data for ${key.slice(5)} is missing`);
    arrived.delete(key);
    return value;
  }

  function decode(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  const index = () => Book.loadScript(Book.asset("offline/index.js")).then(() => offline);
  const cache = new Map(); // key -> promise of bytes or text, kept for a restarted worker
  function load(kind, path) {
    const key = `${kind}:${path}`;
    if (!cache.has(key)) {
      cache.set(key, index().then((o) => {
        const entry = kind === "file" ? o.files[path] && o.files[path].script : o.texts[path];
        if (!entry) throw new Error(`${path} is not in the offline book`);
        return Book.loadScript(Book.asset(`offline/${entry}`)).then(() => (kind === "file" ? decode(take(key)) : take(key)));
      }));
    }
    return cache.get(key);
  }

  /** {path: {type, bytes}} of every runtime file, and the worker's scripts in order. */
  function payload() {
    return index().then(async (o) => {
      const files = {};
      await Promise.all(Object.keys(o.files).map(async (path) => {
        files[path] = { type: o.files[path].type, bytes: await load("file", path) };
      }));
      const texts = await Promise.all(Object.keys(o.texts).map((path) => load("text", path)));
      return { files, texts };
    });
  }

  // Runs first in the blob: worker: a fetch shim over the files the page sends,
  // then Pyodide's scripts and worker.js (the last text), which sets onmessage.
  const PRELUDE = `"use strict";
self.addEventListener("message", function offline(event) {
  const d = event.data;
  if (!d || d.type !== "offline-files") return;
  self.removeEventListener("message", offline);
  const nativeFetch = self.fetch.bind(self);
  self.fetch = function (input, init) {
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (!url.startsWith(d.base)) return nativeFetch(input, init);
    const file = d.files[decodeURIComponent(url.slice(d.base.length).split(/[?#]/)[0])];
    if (!file) return Promise.resolve(new Response("not in the offline book", { status: 404 }));
    return Promise.resolve(new Response(file.bytes, { status: 200, headers: { "Content-Type": file.type } }));
  };
  for (const text of d.texts) importScripts(URL.createObjectURL(new Blob([text], { type: "text/javascript" })));
});
`;

  // The runtime's folder, and the trained models' inside it, at that address.
  const forInit = (msg) => (msg.type === "init" ? { ...msg, assets: OFFLINE_ASSETS } : msg);

  /** A Worker look-alike: the runtime's worker started from a blob: URL. */
  Book.fileWorkerBackend = () => {
    const port = { onmessage: null, onerror: null };
    const queue = [];
    let worker = null;
    let dead = false;
    let fallback = null; // the main-thread backend, if blob: workers are refused
    const fail = (message) => setTimeout(() => port.onmessage && port.onmessage({ data: { type: "failed", message } }), 0);
    port.postMessage = (msg) => {
      if (fallback) fallback.postMessage(msg);
      else if (worker) worker.postMessage(forInit(msg));
      else queue.push(msg);
    };
    port.terminate = () => {
      dead = true;
      if (worker) worker.terminate();
      if (fallback) fallback.terminate();
    };
    payload().then(({ files, texts }) => {
      if (dead) return;
      try {
        worker = new Worker(URL.createObjectURL(new Blob([PRELUDE, texts.pop()], { type: "text/javascript" })));
      } catch (err) {
        fallback = Book.mainThreadBackend();
        fallback.onmessage = (e) => port.onmessage && port.onmessage(e);
        queue.splice(0).forEach((m) => fallback.postMessage(m));
        return;
      }
      worker.onmessage = (e) => port.onmessage && port.onmessage(e);
      worker.onerror = (e) => port.onerror && port.onerror(e);
      worker.postMessage({ type: "offline-files", base: OFFLINE_BASE, files, texts });
      queue.splice(0).forEach((m) => worker.postMessage(forInit(m)));
    }, (err) => { if (!dead) fail(err.message); });
    return port;
  };

  let shim = null;
  /** The page's own fetch shim, for the main-thread backend (installed once). */
  function installFetchShim() {
    if (shim) return shim;
    shim = index().then((o) => {
      const nativeFetch = window.fetch.bind(window);
      window.fetch = function (input, init) {
        const url = typeof input === "string" ? input : (input && input.url) || String(input);
        if (!url.startsWith(OFFLINE_BASE)) return nativeFetch(input, init);
        const path = decodeURIComponent(url.slice(OFFLINE_BASE.length).split(/[?#]/)[0]);
        if (!Object.prototype.hasOwnProperty.call(o.files, path)) {
          return Promise.resolve(new Response("not in the offline book", { status: 404 }));
        }
        return load("file", path).then((b) => new Response(b, { status: 200, headers: { "Content-Type": o.files[path].type } }));
      };
    });
    return shim;
  }

  /* The main-thread backend is one Pyodide for the whole page, however many
   * runtimes ask for it (the shared one and a playground's isolated one): a
   * second Pyodide on the page would only double the wait. Each runtime gets a
   * port; call ids are renumbered so every result reaches the port that asked. */
  let shared = null;
  function sharedBackend() {
    if (shared) return shared;
    const ports = new Set();
    const owners = new Map(); // page-wide call id -> [port, the port's own id]
    let nextId = 1, initSent = false, settled = null; // settled: the "ready" or "failed" message
    const deliver = (data) => setTimeout(() => {
      if (data.type === "result" || data.type === "error") {
        const owner = owners.get(data.id);
        if (!owner) return;
        owners.delete(data.id);
        owner[0].receive({ ...data, id: owner[1] });
        return;
      }
      if (data.type === "ready" || data.type === "failed") settled = data;
      for (const port of ports) port.receive(data);
    }, 0);
    const ready = installFetchShim()
      // worker.js and Pyodide's own files run as classic scripts from their real place.
      .then(() => Book.manifest.workerScripts.reduce(
        (done, script) => done.then(() => Book.loadScript(Book.asset(script))), Promise.resolve()))
      .then(() => Book.createBackend(deliver, Book.loadScript));
    shared = {
      ports,
      send(port, msg) {
        if (msg.type === "init") {
          if (settled) { setTimeout(() => port.receive(settled), 0); return; }
          if (initSent) return; // this port hears the first start's progress and its end
          initSent = true;
        } else if (msg.type === "run") {
          const id = nextId++;
          owners.set(id, [port, msg.id]);
          msg = { ...msg, id };
        }
        ready.then(
          (handle) => handle(forInit(msg)),
          (err) => { if (msg.type === "init") deliver({ type: "failed", message: err.message }); },
        );
      },
    };
    return shared;
  }

  /** A Worker look-alike whose backend (worker.js) runs on this page. From now
   * on the page runs in "main-thread" mode: simulations asking for a runtime of
   * their own get the shared one (runtime.js), and there is one Pyodide. */
  Book.mainThreadBackend = () => {
    Book.runtimeMode = "main-thread";
    const backend = sharedBackend();
    let dead = false;
    const port = { onmessage: null, onerror: null };
    port.receive = (data) => { if (!dead && port.onmessage) port.onmessage({ data }); };
    backend.ports.add(port);
    port.postMessage = (msg) => { if (!dead) backend.send(port, msg); };
    port.terminate = () => { dead = true; backend.ports.delete(port); };
    return port;
  };
})();
