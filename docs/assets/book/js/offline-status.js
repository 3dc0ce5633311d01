/* The footer's offline line: while the service worker (sw.js, written by
 * site_hooks/offline/service_worker.py) stores the book, how far it got; then that the
 * whole book is available offline and how much it stored. With Save-Data on,
 * the pages are stored first and the Python runtime when a simulation first
 * loads it; the line says so. Over http(s) only, and not inside an embed (no
 * worker there). The line is a status region, busy while it counts, so a screen
 * reader announces the outcome rather than every step. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  if (Book.offlineStatus !== undefined) return; // instant navigation keeps scripts alive
  Book.offlineStatus = null; // the worker's last answer, for tests and curious readers
  if (!/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator) || window.top !== window) return;

  const root = Book.asset("../"); // the site's root: the worker's scope
  const FAST_MS = 700; // while storing
  const SLOW_MS = 4000; // waiting for a registration, or for a first simulation under Save-Data
  let timer = null;
  let polling = false;
  let watched = null; // the registration whose updatefound we listen to
  let misses = 0; // polls that found no registration after the page loaded

  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

  /** [state, text, busy] for a worker's status (see sw.js). */
  function describe(s) {
    const runtime = s.runtime;
    const deferRuntime = s.saveData && runtime.storedFiles < runtime.files;
    const need = deferRuntime ? s.files - runtime.files : s.files;
    const have = deferRuntime ? s.storedFiles - runtime.storedFiles : s.storedFiles;
    if (s.state !== "activated" || have < need) {
      const needBytes = deferRuntime ? s.bytes - runtime.bytes : s.bytes;
      const haveBytes = deferRuntime ? s.storedBytes - runtime.storedBytes : s.storedBytes;
      const percent = Math.floor((100 * haveBytes) / Math.max(needBytes, 1));
      const what = s.updating ? "Updating the offline copy" : "Saving the book for offline reading";
      return ["saving", `${what}: ${percent}% (${mb(haveBytes)} of ${mb(needBytes)})`, true];
    }
    if (deferRuntime && runtime.storedFiles === 0) {
      return ["pages", `Pages available offline (${mb(s.storedBytes)} stored). Save-Data is on: ` +
        `the simulations' Python runtime (${mb(runtime.bytes)}) is stored when you first run one.`, false];
    }
    if (deferRuntime) {
      return ["pages", `Pages and the simulations you ran are available offline (${mb(s.storedBytes)} stored). ` +
        `Save-Data is on: the rest (${mb(s.bytes - s.storedBytes)}) is stored when first used.`, false];
    }
    return ["ready", `The whole book is available offline (${mb(s.storedBytes)} stored).`, false];
  }

  function show() {
    const host = document.querySelector(".md-footer-meta__inner");
    if (!host || !Book.offlineStatus) return;
    let line = host.querySelector(".book-offline");
    if (!line) {
      line = document.createElement("p");
      line.className = "book-offline";
      line.setAttribute("role", "status");
      host.appendChild(line);
    }
    const [state, text, busy] = describe(Book.offlineStatus);
    line.dataset.offline = state;
    line.setAttribute("aria-busy", String(busy));
    if (line.textContent !== text) line.textContent = text;
    return state;
  }

  function ask(worker) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      const giveUp = setTimeout(() => resolve(null), 3000);
      channel.port1.onmessage = (e) => { clearTimeout(giveUp); resolve(e.data); };
      worker.postMessage({ type: "offline-status" }, [channel.port2]);
    });
  }

  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  async function poll() {
    polling = true;
    const registration = await navigator.serviceWorker.getRegistration(root).catch(() => null);
    if (!registration || registration.scope !== root) {
      // sw-register.js registers at the page's load; none soon after: blocked or unsupported.
      if (document.readyState === "complete" && ++misses > 3) { polling = false; return; }
      return later(SLOW_MS);
    }
    if (watched !== registration) {
      watched = registration;
      registration.addEventListener("updatefound", () => later(FAST_MS));
    }
    const worker = registration.installing || registration.waiting || registration.active;
    const status = worker && (await ask(worker));
    if (!status) return later(FAST_MS);
    Book.offlineStatus = { ...status, updating: !!registration.active && worker !== registration.active };
    const state = show();
    if (state === "saving") later(FAST_MS);
    else if (state === "pages") later(SLOW_MS); // until a simulation stores the runtime
    else polling = false;
  }

  function onPage() {
    show(); // instant navigation brings a new footer: put the line back at once
    if (!polling) poll();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
