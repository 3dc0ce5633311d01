/* The Python runtime: a Web Worker running Pyodide. One shared runtime per tab
 * serves every simulation; Material's instant navigation keeps this script
 * alive across pages, so a chapter reached by a link reuses the runtime an
 * earlier page loaded. A simulation that runs the reader's own code gets a
 * runtime of its own with a time limit: Pyodide cannot be interrupted (that
 * needs cross-origin isolation), so an endless loop is ended by terminating
 * the worker, and the next call starts a fresh one. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  if (Book.createRuntime) return;

  /* Where Python runs. "worker": a Web Worker of worker.js (served over http(s)).
   * "file-worker": the offline copy opened from file://, where Chromium refuses
   * fetch() and `new Worker()` of files; offline.js starts the same worker.js from
   * a blob: URL and hands it the runtime files the offline build wrote as data
   * scripts (or, if blob: workers are refused too, runs it on the page). All speak
   * the same messages (see worker.js). */
  Book.runtimeMode = window.location.protocol === "file:" ? "file-worker" : "worker";

  /** An object with postMessage/onmessage/onerror/terminate, as a Worker has. */
  function startBackend() {
    if (Book.runtimeMode === "file-worker") return Book.fileWorkerBackend();
    if (Book.runtimeMode === "main-thread") return Book.mainThreadBackend();
    return new Worker(Book.asset(Book.manifest.worker));
  }
  const LOAD_TIMEOUT_MS = 90000; // a stalled download ends in an error, not a spinner

  /** A runtime; `sim` set: one serving that simulation alone (see runtimeFor). */
  Book.createRuntime = ({ callTimeoutMs = null, sim = null } = {}) => {
    let worker = null;
    let started = null; // the promise every simulation of this runtime waits on
    let nextId = 1;
    const calls = new Map();
    const listeners = new Set();
    let status = { state: "idle", message: "", fraction: 0 };

    function setStatus(next) {
      status = { ...status, ...next };
      listeners.forEach((fn) => fn(status));
    }

    function settle(id, error, scene) {
      const call = calls.get(id);
      if (!call) return;
      calls.delete(id);
      clearTimeout(call.timer);
      error ? call.reject(error) : call.resolve(scene);
    }

    /** Start-up milestones in page time (ms since navigation), also as performance
     * marks "book:<name>" for the browser's performance panel and the benchmark. */
    function note(name, epochMs) {
      const at = epochMs - performance.timeOrigin;
      api.timeline[name] = at;
      if (performance.mark && at >= 0) performance.mark(`book:${name}`, { startTime: at });
    }

    function onMessage(event) {
      const msg = event.data;
      if (msg.marks) Object.entries(msg.marks).forEach(([name, t]) => note(name, t));
      if (msg.type === "progress") setStatus({ state: "loading", message: msg.message, fraction: msg.fraction });
      else if (msg.type === "ready") {
        note("ready", performance.timeOrigin + performance.now());
        api.downloads = (msg.resources || []).map(([path, start, end, bytes]) => (
          { path, start: start - performance.timeOrigin, end: end - performance.timeOrigin, bytes }));
        setStatus({ state: "ready", message: "", fraction: 1, seconds: msg.seconds });
      } else if (msg.type === "failed") setStatus({ state: "error", message: msg.message });
      else if (msg.type === "result") settle(msg.id, null, JSON.parse(msg.scene));
      else if (msg.type === "error") settle(msg.id, new Error(msg.message));
    }

    function start() {
      if (started) return started;
      api.starts += 1;
      api.timeline = {};
      // A worker the page started while it loaded (site_hooks/early_start_template.js):
      // the shared runtime adopts it, with what it has said so far.
      const early = !sim && Book.runtimeMode === "worker" ? Book.early : null;
      Book.early = null;
      note("runtime-start", early ? early.startedAt : performance.timeOrigin + performance.now());
      started = new Promise((resolve, reject) => {
        const timer = setTimeout(() => setStatus({ state: "error", message: "the Python runtime took too long to load" }), LOAD_TIMEOUT_MS);
        const unsubscribe = subscribe((s) => {
          if (s.state === "ready") { clearTimeout(timer); unsubscribe(); resolve(); }
          if (s.state === "error") { clearTimeout(timer); unsubscribe(); reject(new Error(s.message)); }
        });
        setStatus({ state: "loading", message: "Starting the Python runtime…", fraction: 0.02 });
        try {
          worker = early ? early.worker : startBackend();
        } catch (err) {
          setStatus({ state: "error", message: `cannot start a Web Worker (${err.message})` });
          return;
        }
        const onError = (e) => { e.preventDefault(); setStatus({ state: "error", message: e.message || "the runtime's worker failed to load" }); };
        worker.onmessage = onMessage;
        worker.onerror = onError;
        if (early) {
          early.events.forEach((e) => (e.type === "message" ? onMessage(e) : onError(e)));
          return;
        }
        // The page's simulations: their model modules are imported, and the trained
        // models they name fetched, while Python starts.
        const roots = [...document.querySelectorAll(sim ? `[data-sim="${sim}"]` : "[data-sim]")];
        const sims = [...new Set(roots.map((r) => r.dataset.sim))];
        const models = [...new Set(roots.flatMap((r) => (r.dataset.trained || "").split(" ").filter(Boolean)))];
        worker.postMessage({ type: "init", assets: Book.asset(""), manifest: Book.manifest, sims, models });
      });
      return started;
    }

    /** End a call that ran past its time limit: the worker goes, the next call starts another. */
    function abandon(id) {
      worker.terminate();
      worker = null;
      started = null;
      setStatus({ state: "idle", message: "", fraction: 0 });
      const seconds = callTimeoutMs / 1000;
      for (const other of [...calls.keys()]) {
        settle(other, new Error(other === id ? `stopped after ${seconds} s: the code did not finish (an endless loop?)` : "cancelled"));
      }
    }

    /** Run simulation `sim` with `params` (it needs the trained models `models`);
     * resolves to its scene. */
    function run(sim, params, models = []) {
      return start().then(() => new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = callTimeoutMs ? setTimeout(() => abandon(id), callTimeoutMs) : null;
        calls.set(id, { resolve, reject, timer });
        worker.postMessage({ type: "run", id, sim, params, models });
      }));
    }

    function subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    }

    // timeline: milestone -> ms since navigation (of the latest start); downloads:
    // the worker's requests, [{path, start, end, bytes over the network}].
    const api = { start, run, subscribe, starts: 0, timeline: {}, downloads: [], get status() { return status; } };
    return api;
  };

  Book.runtime = Book.createRuntime();
  const isolated = new Map(); // simulation id -> its own runtime, kept across pages too
  Book.runtimeFor = (simId, isolateSeconds) => {
    // On the main thread a second Pyodide would only double the wait; there is no
    // worker to terminate there either, so the time limit cannot apply.
    if (!isolateSeconds || Book.runtimeMode === "main-thread") return Book.runtime;
    if (!isolated.has(simId)) isolated.set(simId, Book.createRuntime({ callTimeoutMs: isolateSeconds * 1000, sim: simId }));
    return isolated.get(simId);
  };
})();
