// Shared helpers of run_python.mjs and run_pytest.mjs: boot the pinned Pyodide under
// Node.js from a folder made by site_hooks/vendoring/runtime.py (core files, numpy, the project
// wheel and the site-local pyodide-lock.json), load packages from that lock after
// checking their sha256 (Node's loadPackage does not check it; browsers do), load
// extra wheels by path, and mount host folders with NODEFS.
import { createHash } from "node:crypto";
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HERE, "..", "..");

export function usage(extra) {
  return (
    "options: --index-url DIR (vendored runtime, required) [--package NAME]... " +
    "[--wheel PATH]... [--mount HOST[:GUEST]]... [--cwd DIR] " + extra
  );
}

// Parses the common options; returns {opts, rest} where rest holds the arguments
// this function does not know (positional ones and everything after "--").
export function parseArgs(argv) {
  const opts = { indexURL: null, packages: [], wheels: [], mounts: [], cwd: null };
  const rest = { positional: [], afterDashes: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--") { rest.afterDashes = argv.slice(i + 1); break; }
    else if (a === "--index-url") opts.indexURL = next();
    else if (a === "--package") opts.packages.push(next());
    else if (a === "--wheel") opts.wheels.push(next());
    else if (a === "--mount") opts.mounts.push(next());
    else if (a === "--cwd") opts.cwd = next();
    else if (a.startsWith("--")) rest.flags[a.slice(2)] = next();
    else rest.positional.push(a);
  }
  if (!opts.indexURL) throw new Error("--index-url is required");
  return { opts, rest };
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

// Lock entries of `names` and of everything they depend on.
function closure(lock, names) {
  const seen = new Map();
  const todo = [...names];
  while (todo.length) {
    const name = todo.pop().toLowerCase().replace(/[-_.]+/g, "-");
    if (seen.has(name)) continue;
    const entry = lock.packages[name];
    if (!entry) throw new Error(`package ${name} is not in the lock`);
    seen.set(name, entry);
    todo.push(...entry.depends);
  }
  return [...seen.values()];
}

export async function boot(opts, { quiet = false } = {}) {
  const t0 = Date.now();
  const indexDir = path.resolve(opts.indexURL) + path.sep;
  const lock = JSON.parse(readFileSync(path.join(indexDir, "pyodide-lock.json"), "utf8"));
  for (const entry of closure(lock, opts.packages)) {
    const got = sha256(path.join(indexDir, entry.file_name));
    if (got !== entry.sha256) {
      throw new Error(
        `sha256 of ${entry.file_name} is ${got}, the lock says ${entry.sha256}`);
    }
  }
  const { loadPyodide } = await import(
    pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
  const log = quiet ? () => {} : (m) => process.stderr.write(`[pyodide] ${m}\n`);
  const pyodide = await loadPyodide({ indexURL: indexDir });
  pyodide.setStdout({ batched: (s) => process.stdout.write(s + "\n") });
  pyodide.setStderr({ batched: (s) => process.stderr.write(s + "\n") });
  const cb = { messageCallback: log, errorCallback: log };
  if (opts.packages.length) await pyodide.loadPackage(opts.packages, cb);
  if (opts.wheels.length) {
    await pyodide.loadPackage(opts.wheels.map((w) => path.resolve(w)), cb);
  }
  for (const m of opts.mounts) {
    const [host, guest] = m.includes(":") ? m.split(":") : [m, m];
    const hostDir = realpathSync(path.resolve(host));
    const guestDir = guest ? guest : path.resolve(host);
    pyodide.FS.mkdirTree(guestDir);
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: hostDir }, guestDir);
  }
  pyodide.runPython("import sys; sys.dont_write_bytecode = True");
  if (opts.cwd) pyodide.runPython(`import os; os.chdir(${JSON.stringify(opts.cwd)})`);
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  return pyodide;
}

// Runs `code`; returns the process exit code (0, or 1 after printing a Python error).
export async function runCode(pyodide, code) {
  try {
    await pyodide.runPythonAsync(code);
    return 0;
  } catch (err) {
    process.stderr.write(String(err && err.message ? err.message : err) + "\n");
    return 1;
  }
}

// Flushes stdout/stderr before exiting (process.exit can cut piped output short).
export function exitWhenFlushed(code) {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
