/* The book's Python backend: one Pyodide running the same `neural_odes` package
 * the build runs. Normally this file is a Web Worker; in the offline copy opened
 * from file:// (where Chromium refuses `new Worker()` of a file), offline.js loads
 * it as a classic script and runs the same backend on the main thread.
 * Messages in:  {type: "init", assets, manifest, sims, models}
 *               (manifest: the page's copy of site_hooks/runtime_manifest.py; its paths
 *               are relative to the URL `assets`)
 *               {type: "run", id, sim, params, models}   (models: trained models it needs)
 * Messages out: {type: "progress", message, fraction} | {type: "ready", seconds, marks, resources}
 *               {type: "failed", message} | {type: "result", id, scene, marks?} | {type: "error", id, message}
 * `marks` are start-up milestones in epoch milliseconds (performance.timeOrigin +
 * performance.now(), a clock the page shares), `resources` the worker's downloads
 * (Resource Timing): the page turns them into performance marks, the benchmark
 * into its start-up breakdown. Collecting them costs a few timestamps. */
(function (global) {
  "use strict";
  const clock = () => performance.timeOrigin + performance.now();
  const marks = { "worker-start": clock() };

  // The one moment the milestones cannot see from outside: when the interpreter's
  // wasm module has been compiled and instantiated (inside loadPyodide). The first
  // instantiation is Pyodide's own module; later ones are packages' shared libraries.
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    if (typeof original !== "function") continue;
    WebAssembly[name] = function (...args) {
      const first = !("wasm-start" in marks);
      if (first) marks["wasm-start"] = clock();
      const result = original.apply(this, args);
      if (first) result.then(() => { marks["wasm-ready"] = clock(); }, () => {});
      return result;
    };
  }

  /** The worker's downloads so far: [path under indexURL, start, end (epoch ms), bytes over the network]. */
  function downloads(indexURL) {
    if (!performance.getEntriesByType) return [];
    return performance.getEntriesByType("resource").map((r) => [
      r.name.startsWith(indexURL) ? r.name.slice(indexURL.length) : r.name.split("/").pop(),
      performance.timeOrigin + r.startTime, performance.timeOrigin + r.responseEnd, r.transferSize]);
  }

  /** The text of trained model `name`'s parameters (<trainedURL><name>.json). */
  async function fetchTrained(trainedURL, name) {
    const r = await fetch(`${trainedURL}${name}.json`);
    if (!r.ok) throw new Error(`cannot load trained model ${name} (HTTP ${r.status})`);
    return r.text();
  }

  /** The last line of a Python traceback is the part a reader can use. */
  function shortError(err) {
    const text = String((err && err.message) || err).trim();
    const lines = text.split("\n").filter((l) => l.trim());
    return lines[lines.length - 1] || text;
  }

  /** A backend: `post(message)` sends messages out; `loadScript(url)` loads a
   * classic script (importScripts in a worker, a <script> tag on the main thread).
   * Returns the function that handles one incoming message. */
  function createBackend(post, loadScript) {
    let pyodide = null;
    let runJson = null;
    let indexURL = "";
    let trainedURL = "";
    let trainedFolder = ""; // where Python reads them, in Pyodide's file system
    let firstCall = true;
    const trained = new Map(); // model name -> promise of its file written for Python

    /** Fetch (once) and write the trained models `names` where Python looks for them. */
    function haveTrained(names) {
      return Promise.all(names.map((name) => {
        if (!trained.has(name)) trained.set(name, fetchTrained(trainedURL, name));
        return trained.get(name);
      }));
    }
    async function writeTrained(names) {
      const texts = await haveTrained(names);
      names.forEach((name, i) => {
        const path = `${trainedFolder}/${name}.json`;
        if (!pyodide.FS.analyzePath(path).exists) pyodide.FS.writeFile(path, texts[i]);
      });
    }

    /** Start Python with the manifest's packages; the page's simulations `sims`
     * (their model modules imported before ready) need the trained models `models`
     * (fetched while Python starts). Other model modules are imported by their
     * simulation's first drawing, on the page an instant navigation brings: never in
     * the background, where an import (tens of ms, not interruptible) would delay
     * the answer to a reader's move. */
    async function init(msg) {
      const t0 = performance.now();
      const { manifest, sims = [], models = [] } = msg;
      const at = (path) => new URL(path, msg.assets).href;
      indexURL = at(manifest.runtimeDir);
      trainedURL = at(manifest.trainedDir);
      trainedFolder = manifest.trainedFolder;
      marks.init = clock();
      const mark = (name) => { marks[name] = clock(); };
      const early = haveTrained(models);
      early.catch(() => {}); // reported when written, below
      post({ type: "progress", message: "Downloading the Python runtime…", fraction: 0.1 });
      if (typeof global.loadPyodide !== "function") await loadScript(indexURL + "pyodide.js");
      mark("pyodide-js");
      pyodide = await global.loadPyodide({ indexURL, lockFileURL: indexURL + "pyodide-lock.json", fullStdLib: false });
      mark("python");
      post({ type: "progress", message: "Loading numpy and the book's code…", fraction: 0.6 });
      const problems = [];
      await pyodide.loadPackage(manifest.packages, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
      if (problems.length) throw new Error(problems.join("; "));
      mark("packages");
      pyodide.FS.mkdirTree(trainedFolder);
      pyodide.runPython(`import os\nos.environ[${JSON.stringify(manifest.trainedEnv)}] = ${JSON.stringify(trainedFolder)}`);
      await writeTrained(models);
      mark("trained");
      post({ type: "progress", message: "Starting Python…", fraction: 0.9 });
      const api = pyodide.runPython("import neural_odes.sims as sims\nsims");
      runJson = api.run_json;
      const load = (id) => { try { api.model(id); } catch (err) { /* reported when it runs */ } };
      sims.forEach(load);
      mark("imports");
      post({ type: "ready", seconds: (performance.now() - t0) / 1000, marks, resources: downloads(indexURL) });
    }

    /** One model call; the first one also reports when it started and ended. */
    async function run(msg) {
      if (msg.models && msg.models.length) await writeTrained(msg.models);
      const start = clock();
      const scene = runJson(msg.sim, JSON.stringify(msg.params));
      if (!firstCall) return { type: "result", id: msg.id, scene };
      firstCall = false;
      return { type: "result", id: msg.id, scene, marks: { "first-call-start": start, "first-call-end": clock() } };
    }

    return async function handle(msg) {
      if (msg.type === "init") {
        try { await init(msg); } catch (err) { post({ type: "failed", message: shortError(err) }); }
      } else if (msg.type === "run") {
        try {
          post(await run(msg));
        } catch (err) {
          post({ type: "error", id: msg.id, message: shortError(err) });
        }
      }
    };
  }

  const inWorker = typeof WorkerGlobalScope !== "undefined" && global instanceof WorkerGlobalScope;
  if (inWorker) {
    const handle = createBackend((m) => global.postMessage(m), async (url) => global.importScripts(url));
    global.onmessage = (event) => handle(event.data);
  } else {
    (global.NeuralOdesBook = global.NeuralOdesBook || {}).createBackend = createBackend;
  }
})(self);
