/* The book's Python backend: one Pyodide running the same `neural_odes` package
 * the build runs. Normally this file is a Web Worker; in the offline copy opened
 * from file:// (where Chromium refuses `new Worker()` of a file), offline.js loads
 * it as a classic script and runs the same backend on the main thread.
 * Messages in:  {type: "init", indexURL, packages}
 *               {type: "run", id, sim, params}
 * Messages out: {type: "progress", message, fraction} | {type: "ready", seconds}
 *               {type: "failed", message} | {type: "result", id, scene} | {type: "error", id, message} */
(function (global) {
  "use strict";
  const TRAINED_DIR = "/home/pyodide/trained";

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

    async function init({ indexURL, packages }) {
      const t0 = performance.now();
      const stages = {}; // seconds since t0 at the end of each stage, for the benchmark
      const mark = (name) => { stages[name] = (performance.now() - t0) / 1000; };
      post({ type: "progress", message: "Downloading the Python runtime…", fraction: 0.1 });
      if (typeof global.loadPyodide !== "function") await loadScript(indexURL + "pyodide.js");
      const pyodide = await global.loadPyodide({ indexURL, lockFileURL: indexURL + "pyodide-lock.json", fullStdLib: false });
      mark("pyodide");
      post({ type: "progress", message: "Loading numpy and the book's code…", fraction: 0.6 });
      const problems = [];
      // The trained models' parameters download while the packages load.
      const trained = fetchTrained(indexURL);
      trained.catch(() => {}); // handled below, after the packages
      await pyodide.loadPackage(packages, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
      if (problems.length) throw new Error(problems.join("; "));
      const files = await trained;
      pyodide.FS.mkdirTree(TRAINED_DIR);
      for (const [name, text] of files) pyodide.FS.writeFile(`${TRAINED_DIR}/${name}.json`, text);
      pyodide.runPython(`import os\nos.environ["NEURAL_ODES_TRAINED"] = "${TRAINED_DIR}"`);
      mark("packages");
      post({ type: "progress", message: "Starting Python…", fraction: 0.9 });
      // Import now, not on the first slider move: numpy's import is the slow part.
      runJson = pyodide.runPython("import neural_odes.sims as sims\nsims.run_json");
      mark("import");
      post({ type: "ready", seconds: (performance.now() - t0) / 1000, stages });
    }

    return async function handle(msg) {
      if (msg.type === "init") {
        try { await init(msg); } catch (err) { post({ type: "failed", message: shortError(err) }); }
      } else if (msg.type === "run") {
        try {
          post({ type: "result", id: msg.id, scene: runJson(msg.sim, JSON.stringify(msg.params)) });
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
