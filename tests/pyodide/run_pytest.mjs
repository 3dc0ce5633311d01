// Run real pytest inside the pinned Pyodide under Node.js.
//   node run_pytest.mjs --index-url DIR --package neural-odes-book
//        --wheel pytest-*.whl --wheel pluggy-*.whl ... [--root DIR]
//        TEST_PATH... [-- EXTRA_PYTEST_ARGS...]
// The project root (default: two folders up) is mounted with NODEFS at the same
// path (and so is the folder of any test path outside it), so test paths mean the
// same inside and outside. Each TEST_PATH gets its own
// pytest.main() run with --confcutdir at that path (conftest files above it, written
// for CPython, are not loaded) and an empty ini file (the project's pytest config,
// written for CPython, is not used). The last line printed is
//   PYODIDE_PYTEST_RESULT [{"path": ..., "exit": ..., "passed": n, "failed": n, ...}]
// The exit code is 0 only if every run passed (pytest exit 0).
import path from "node:path";
import { existsSync, statSync } from "node:fs";
import {
  PROJECT_ROOT, boot, exitWhenFlushed, parseArgs, runCode, usage,
} from "./runtime.mjs";

let parsed;
try {
  parsed = parseArgs(process.argv.slice(2));
  if (!parsed.rest.positional.length) throw new Error("give at least one test path");
} catch (err) {
  process.stderr.write(`${err.message}\n${usage("[--root DIR] TEST_PATH... [-- ARGS]")}\n`);
  process.exit(2);
}
const root = path.resolve(parsed.rest.flags["root"] || PROJECT_ROOT);
const paths = parsed.rest.positional.map((p) => path.resolve(root, p));
for (const p of paths) {
  if (!existsSync(p)) {
    process.stderr.write(`no such test path: ${p}\n`);
    process.exit(2);
  }
}
const opts = parsed.opts;
opts.mounts.push(`${root}:${root}`);
// Test paths outside the root are mounted at their own path too.
for (const p of paths) {
  const dir = statSync(p).isDirectory() ? p : path.dirname(p);
  if (dir !== root && !dir.startsWith(root + path.sep)) opts.mounts.push(`${dir}:${dir}`);
}
opts.cwd = opts.cwd || root;

const pyodide = await boot(opts);
const confcut = paths.map((p) => (statSync(p).isDirectory() ? p : path.dirname(p)));
const code = `
import json, os, sys
import pytest

ROOT = ${JSON.stringify(root)}
RUNS = ${JSON.stringify(paths.map((p, i) => [p, confcut[i]]))}
EXTRA = ${JSON.stringify(parsed.rest.afterDashes)}
INI = "/tmp/pyodide-pytest/pytest.ini"
os.makedirs(os.path.dirname(INI), exist_ok=True)
with open(INI, "w") as fh:
    fh.write("[pytest]\\n")


class Counts:
    def __init__(self):
        self.stats = {}

    def pytest_terminal_summary(self, terminalreporter):
        self.stats = {k: len(v) for k, v in terminalreporter.stats.items() if k}


results = []
for test_path, confcutdir in RUNS:
    counts = Counts()
    before = set(sys.modules)
    code = pytest.main([test_path, "-c", INI, "--rootdir", ROOT, "--confcutdir",
                        confcutdir, "-p", "no:cacheprovider", "--capture=sys", "-v", *EXTRA],
                       plugins=[counts])
    results.append({"path": test_path, "exit": int(code), **counts.stats})
    # Forget the test modules so a later run can reuse their basenames.
    for name in set(sys.modules) - before:
        f = getattr(sys.modules[name], "__file__", None) or ""
        if f.startswith((ROOT + "/", confcutdir + "/")):
            del sys.modules[name]
    sys.stdout.flush()

print("PYODIDE_PYTEST_RESULT " + json.dumps(results))
EXIT_CODE = 1 if any(r["exit"] != 0 for r in results) else 0
`;
const status = await runCode(pyodide, code);
exitWhenFlushed(status !== 0 ? status : pyodide.globals.get("EXIT_CODE"));
