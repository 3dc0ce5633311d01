// Pyodide's start-up under Node.js from a built site's runtime folder, stage by
// stage, in wall-clock and CPU time (CPU time hardly moves with the machine's
// load, so an A/B of two runtimes stays readable on a busy machine).
//   node benchmarks/pyodide_startup.mjs SITE/assets/pyodide [--runs 5]
// Each run is a fresh Node process (no state carried over); prints one line per
// run and the medians: loadPyodide, loadPackage(numpy, book), imports of numpy
// and every model module.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const dir = path.resolve(args[0] || "");
const runs = Number(args[args.indexOf("--runs") + 1]) || 5;

/** The manifest the site's pages read (site_hooks/runtime_manifest.py), from the same site. */
function manifest() {
  const window = {};
  vm.runInNewContext(readFileSync(path.join(dir, "..", "book", "js", "manifest.js"), "utf8"), { window });
  return window.NeuralOdesBook.manifest;
}

async function once() {
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const stages = [];
  let wall = performance.now(), c = cpu();
  const mark = (name) => {
    const w = performance.now(), cc = cpu();
    stages.push([name, w - wall, cc - c]);
    wall = w; c = cc;
  };
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: dir + path.sep });
  mark("loadPyodide");
  await pyodide.loadPackage(manifest().packages, { messageCallback: () => {} });
  mark("packages");
  pyodide.runPython("import numpy, neural_odes.sims as s\nfor i in s.SIM_IDS: s.model(i)");
  mark("imports");
  process.stdout.write(JSON.stringify(stages) + "\n");
}

if (process.env.BOOK_STARTUP_CHILD) {
  await once();
} else {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), dir],
      { env: { ...process.env, BOOK_STARTUP_CHILD: "1" }, encoding: "utf8" });
    if (r.status !== 0) { process.stderr.write(r.stderr); process.exit(1); }
    const stages = JSON.parse(r.stdout.trim().split("\n").pop());
    all.push(stages);
    console.log(stages.map(([n, w, c]) => `${n} ${w.toFixed(0)} ms (cpu ${c.toFixed(0)})`).join(", "));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log("median: " + all[0].map(([n], k) =>
    `${n} ${median(all.map((s) => s[k][1])).toFixed(0)} ms (cpu ${median(all.map((s) => s[k][2])).toFixed(0)})`).join(", "));
}
