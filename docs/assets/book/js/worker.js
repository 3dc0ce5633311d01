/* The book's Python backend: one Pyodide running the same `neural_odes` package
 * the build runs. Normally this file is a Web Worker; in the offline copy opened
 * from file:// (where Chromium refuses `new Worker()` of a file), offline.js loads
 * it as a classic script and runs the same backend on the main thread.
 * Messages in:  {type: "init", indexURL, packages}
 *               {type: "run", id, sim, params}
 * Messages out: {type: "progress", message, fraction} | {type: "ready", seconds, marks, resources}
 *               {type: "failed", message} | {type: "result", id, scene, marks?} | {type: "error", id, message}
 * `marks` are start-up milestones in epoch milliseconds (performance.timeOrigin +
 * performance.now(), a clock the page shares), `resources` the worker's downloads
 * (Resource Timing): the page turns them into performance marks, the benchmark
 * into its start-up breakdown. Collecting them costs a few timestamps. */
(function (global) {
  "use strict";
  const TRAINED_DIR = "/home/pyodide/trained";
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

  /** [[name, json text], ...] of the trained models the build shipped. */
  async function fetchTrained(indexURL) {
    const response = await fetch(indexURL + "trained/index.json");
    if (!response.ok) throw new Error(`cannot load the trained models' index (HTTP ${response.status})`);
    const { models } = await response.json();
    return Promise.all(models.map(async (name) => {
      const r = await fetch(`${indexURL}trained/${name}.json`);
      if (!r.ok) throw new Error(`cannot load trained model ${name} (HTTP ${r.status})`);
      return [name, await r.text()];
    }));
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
    let runJson = null;

    let firstCall = true;

    async function init({ indexURL, packages }) {
      const t0 = performance.now();
      marks.init = clock();
      const mark = (name) => { marks[name] = clock(); };
      post({ type: "progress", message: "Downloading the Python runtime…", fraction: 0.1 });
      if (typeof global.loadPyodide !== "function") await loadScript(indexURL + "pyodide.js");
      mark("pyodide-js");
      const pyodide = await global.loadPyodide({ indexURL, lockFileURL: indexURL + "pyodide-lock.json", fullStdLib: false });
      mark("python");
      post({ type: "progress", message: "Loading numpy and the book's code…", fraction: 0.6 });
      const problems = [];
      // The trained models' parameters download while the packages load.
      const trained = fetchTrained(indexURL);
      trained.catch(() => {}); // handled below, after the packages
      await pyodide.loadPackage(packages, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
      if (problems.length) throw new Error(problems.join("; "));
      mark("packages");
      const files = await trained;
      pyodide.FS.mkdirTree(TRAINED_DIR);
      for (const [name, text] of files) pyodide.FS.writeFile(`${TRAINED_DIR}/${name}.json`, text);
      pyodide.runPython(`import os\nos.environ["NEURAL_ODES_TRAINED"] = "${TRAINED_DIR}"`);
      mark("trained");
      post({ type: "progress", message: "Starting Python…", fraction: 0.9 });
      // Import now, not on the first slider move: numpy's import is the slow part.
      runJson = pyodide.runPython("import neural_odes.sims as sims\nsims.run_json");
      mark("imports");
      post({ type: "ready", seconds: (performance.now() - t0) / 1000, marks, resources: downloads(indexURL) });
    }

    /** One model call; the first one also reports when it started and ended. */
    function run(msg) {
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
          post(run(msg));
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
