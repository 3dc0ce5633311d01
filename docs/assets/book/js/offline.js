/* The runtime's main-thread backend, for the offline copy of the book opened from
 * file:// (runtime.js picks it there). Chromium refuses fetch() and `new Worker()`
 * of file:// URLs, so the offline build (site_hooks/offline_build.py) also wrote
 * every file Pyodide fetches as a classic script carrying its bytes in base64,
 * under assets/offline/, listed in assets/offline/index.js. This file
 *  - loads pyodide.js and pyodide.asm.js with <script> tags (allowed on file://);
 *  - gives Pyodide an address of its own (OFFLINE_BASE) that no network serves and
 *    answers every fetch() under it from those data scripts, loaded on demand;
 *  - runs worker.js's backend on the page, with the Worker's message protocol. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  if (Book.mainThreadBackend) return;

  // Pyodide reads its files from here; the fetch shim answers, nothing leaves the page.
  const OFFLINE_BASE = "https://offline.neural-odes-book.invalid/pyodide/";
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

  // Data scripts call this with their bytes; the shim takes them once.
  const arrived = new Map();
  window.NeuralOdesBookOffline = window.NeuralOdesBookOffline || {};
  window.NeuralOdesBookOffline.add = (path, base64) => arrived.set(path, base64);

  function decode(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  let shim = null;
  /** Install the fetch shim (once); resolves when the list of files is known. */
  function installFetchShim() {
    if (shim) return shim;
    shim = Book.loadScript(Book.asset("offline/index.js")).then(() => {
      const files = window.NeuralOdesBookOffline.files || {};
      const bytes = new Map(); // path -> promise of Uint8Array
      const bytesOf = (path) => {
        if (!bytes.has(path)) {
          bytes.set(path, Book.loadScript(Book.asset(`offline/${files[path].script}`)).then(() => {
            const base64 = arrived.get(path);
            if (base64 === undefined) throw new Error(`the offline data for ${path} is missing`);
            arrived.delete(path);
            return decode(base64);
          }));
        }
        return bytes.get(path);
      };
      const nativeFetch = window.fetch.bind(window);
      window.fetch = function (input, init) {
        const url = typeof input === "string" ? input : (input && input.url) || String(input);
        if (!url.startsWith(OFFLINE_BASE)) return nativeFetch(input, init);
        const path = decodeURIComponent(url.slice(OFFLINE_BASE.length).split(/[?#]/)[0]);
        if (!Object.prototype.hasOwnProperty.call(files, path)) {
          return Promise.resolve(new Response("not in the offline book", { status: 404, statusText: "Not Found" }));
        }
        return bytesOf(path).then((b) => new Response(b, { status: 200, headers: { "Content-Type": files[path].type } }));
      };
    });
    return shim;
  }

  /** A Worker look-alike whose backend (worker.js) runs on this page. */
  Book.mainThreadBackend = () => {
    let dead = false;
    const port = { onmessage: null, onerror: null };
    const deliver = (data) => setTimeout(() => { if (!dead && port.onmessage) port.onmessage({ data }); }, 0);
    const ready = installFetchShim()
      .then(() => Book.loadScript(Book.asset("book/js/worker.js")))
      // Pyodide's own files run as classic scripts from their real place.
      .then(() => Book.loadScript(Book.asset("pyodide/pyodide.js")))
      .then(() => Book.loadScript(Book.asset("pyodide/pyodide.asm.js")))
      .then(() => Book.createBackend(deliver, Book.loadScript));
    port.postMessage = (msg) => {
      const message = msg.type === "init" ? { ...msg, indexURL: OFFLINE_BASE } : msg;
      ready.then(
        (handle) => { if (!dead) handle(message); },
        (err) => { if (msg.type === "init") deliver({ type: "failed", message: err.message }); },
      );
    };
    port.terminate = () => { dead = true; };
    return port;
  };
})();
