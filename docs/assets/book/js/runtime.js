/* The shared runtime: one Web Worker with one Pyodide per tab. Material's instant
 * navigation keeps this script alive across pages, so a chapter reached by a
 * link reuses the runtime an earlier page already loaded. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  if (Book.runtime) return;

  const PACKAGES = ["numpy", "neural-odes-book"];
  const LOAD_TIMEOUT_MS = 90000; // a stalled download must end in an error, not a spinner

  let worker = null;
  let started = null; // the one promise every simulation waits on
  let nextId = 1;
  const calls = new Map();
  const listeners = new Set();
  let status = { state: "idle", message: "", fraction: 0 };

  function setStatus(next) {
    status = { ...status, ...next };
    listeners.forEach((fn) => fn(status));
  }

  function onMessage(event) {
    const msg = event.data;
    if (msg.type === "progress") setStatus({ state: "loading", message: msg.message, fraction: msg.fraction });
    else if (msg.type === "ready") setStatus({ state: "ready", message: "", fraction: 1, seconds: msg.seconds, stages: msg.stages });
    else if (msg.type === "failed") setStatus({ state: "error", message: msg.message });
    else if (calls.has(msg.id)) {
      const { resolve, reject } = calls.get(msg.id);
      calls.delete(msg.id);
      msg.type === "result" ? resolve(JSON.parse(msg.scene)) : reject(new Error(msg.message));
    }
  }

  function start() {
    if (started) return started;
    Book.runtime.starts += 1;
    started = new Promise((resolve, reject) => {
      const timer = setTimeout(() => setStatus({ state: "error", message: "the Python runtime took too long to load" }), LOAD_TIMEOUT_MS);
      const unsubscribe = subscribe((s) => {
        if (s.state === "ready") { clearTimeout(timer); unsubscribe(); resolve(); }
        if (s.state === "error") { clearTimeout(timer); unsubscribe(); reject(new Error(s.message)); }
      });
      setStatus({ state: "loading", message: "Starting the Python runtime…", fraction: 0.02 });
      try {
        worker = new Worker(Book.asset("book/js/worker.js"));
      } catch (err) {
        setStatus({ state: "error", message: `cannot start a Web Worker (${err.message})` });
        return;
      }
      worker.onmessage = onMessage;
      worker.onerror = (e) => { e.preventDefault(); setStatus({ state: "error", message: e.message || "the runtime's worker failed to load" }); };
      worker.postMessage({ type: "init", indexURL: Book.asset("pyodide/"), packages: PACKAGES });
    });
    return started;
  }

  /** Run simulation `sim` with `params`; resolves to its scene. */
  function run(sim, params) {
    return start().then(() => new Promise((resolve, reject) => {
      const id = nextId++;
      calls.set(id, { resolve, reject });
      worker.postMessage({ type: "run", id, sim, params });
    }));
  }

  function subscribe(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  }

  Book.runtime = { start, run, subscribe, starts: 0, get status() { return status; } };
})();
