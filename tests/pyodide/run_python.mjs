// Run a Python snippet inside the pinned Pyodide under Node.js.
//   node run_python.mjs --index-url DIR [--package NAME]... [--wheel PATH]...
//        [--mount HOST[:GUEST]]... [--cwd DIR] (--code-file FILE | --code-file -)
// The snippet's prints go to stdout; an uncaught exception prints its traceback
// to stderr and the exit code is 1.
import { readFileSync } from "node:fs";
import { boot, exitWhenFlushed, parseArgs, runCode, usage } from "./runtime.mjs";

let parsed;
try {
  parsed = parseArgs(process.argv.slice(2));
  if (!parsed.rest.flags["code-file"]) throw new Error("--code-file is required");
} catch (err) {
  process.stderr.write(`${err.message}\n${usage("--code-file FILE|-")}\n`);
  process.exit(2);
}
const file = parsed.rest.flags["code-file"];
const code = readFileSync(file === "-" ? 0 : file, "utf8");
const pyodide = await boot(parsed.opts, { quiet: parsed.rest.flags["quiet"] === "1" });
exitWhenFlushed(await runCode(pyodide, code));
