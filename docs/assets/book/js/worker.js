/* The book's Web Worker: one Pyodide for the tab, running the same `neural_odes`
 * package the build runs. Messages in:  {type: "init", indexURL, packages}
 *                                      {type: "run", id, sim, params}
 * Messages out: {type: "progress", message, fraction} | {type: "ready", seconds}
 *               {type: "failed", message} | {type: "result", id, scene} | {type: "error", id, message} */
"use strict";

let runJson = null;
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

function post(message) { self.postMessage(message); }

/** The last line of a Python traceback is the part a reader can use. */
function shortError(err) {
  const text = String((err && err.message) || err).trim();
  const lines = text.split("\n").filter((l) => l.trim());
  return lines[lines.length - 1] || text;
}

async function init({ indexURL, packages }) {
  const t0 = performance.now();
  const stages = {}; // seconds since t0 at the end of each stage, for the benchmark
  const mark = (name) => { stages[name] = (performance.now() - t0) / 1000; };
  post({ type: "progress", message: "Downloading the Python runtime…", fraction: 0.1 });
  importScripts(indexURL + "pyodide.js");
  const pyodide = await self.loadPyodide({ indexURL, lockFileURL: indexURL + "pyodide-lock.json", fullStdLib: false });
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

self.onmessage = async (event) => {
  const msg = event.data;
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
