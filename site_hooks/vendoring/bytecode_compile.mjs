// Run bytecode_repack.py inside Pyodide under Node.js: Pyodide's own CPython
// makes the bytecode the reader's browser will load (site_hooks/vendoring/bytecode.py).
//   node bytecode_compile.mjs PYODIDE_DIR WORK_DIR
// WORK_DIR (a host folder holding jobs.json, the inputs, and where the outputs go)
// is mounted at /repack. The script's JSON line of statistics goes to stdout.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, workDir] = process.argv.slice(2);
if (!pyodideDir || !workDir) {
  process.stderr.write("usage: node bytecode_compile.mjs PYODIDE_DIR WORK_DIR\n");
  process.exit(2);
}
const script = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "bytecode_repack.py"), "utf8");
const { loadPyodide } = await import(pathToFileURL(path.join(path.resolve(pyodideDir), "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
pyodide.setStdout({ batched: (s) => process.stdout.write(s + "\n") });
pyodide.setStderr({ batched: (s) => process.stderr.write(s + "\n") });
pyodide.FS.mkdirTree("/repack");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(workDir) }, "/repack");
let code = 0;
try {
  pyodide.runPython(script, { filename: "bytecode_repack.py" });
} catch (err) {
  process.stderr.write(String(err && err.message ? err.message : err) + "\n");
  code = 1;
}
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
