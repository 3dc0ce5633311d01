// ESLint for the book's JavaScript (run by tests/test_javascript.py, so `./book test`
// covers it; alone: `node_modules/.bin/eslint .`).
// The browser runtime is classic scripts (no bundler, no modules: the offline copy
// is opened from file://, where Chromium refuses module scripts), each an IIFE that
// hangs its API on window.NeuralOdesBook; every global a file uses must be declared.
import { readdirSync, readFileSync } from "node:fs";
import js from "@eslint/js";
import globals from "globals";

// Build-time JavaScript templates (site_hooks/, e.g. the service worker): the Python
// that writes them replaces each placeholder __NAME__ with a JSON literal.
const HOOKS = new URL("site_hooks/", import.meta.url);
const placeholders = Object.fromEntries(
  readdirSync(HOOKS, { recursive: true })
    .filter((f) => f.endsWith(".js"))
    .flatMap((f) => readFileSync(new URL(f, HOOKS), "utf8").match(/\b__[A-Z][A-Z0-9_]*__\b/g) || [])
    .map((name) => [name, "readonly"]),
);

// Rules that catch real bugs, on top of eslint:recommended (no style rules).
const bugs = {
  "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
  "no-undef": "error",
  eqeqeq: ["error", "smart"],
  "no-implicit-globals": "error",
  "prefer-const": "error",
  // `a === b;` or `obj.method;` on a line of its own is a typo for a call or assignment.
  "no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
  "no-self-compare": "error", // x !== x: use Number.isNaN
  "no-template-curly-in-string": "error", // "${x}" in quotes, meant as a template
  "array-callback-return": "error", // a .map/.filter/.find callback that forgets to return
  "no-unmodified-loop-condition": "error",
  "no-throw-literal": "error", // throw an Error, so the page's message has one
  "prefer-promise-reject-errors": "error",
};

export default [
  { ignores: ["node_modules/", "site/", "dist/", ".venv/", ".cache/", "build/", "test-results/"] },
  js.configs.recommended,
  { rules: bugs, linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    files: ["docs/assets/book/js/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  {
    // A Web Worker normally (importScripts, WorkerGlobalScope); offline.js may also
    // load it on the page, hence the browser globals too.
    files: ["docs/assets/book/js/worker.js"],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Runs on course sites we do not control, in whatever browser they have: ES5
    // syntax only (its header promises that).
    files: ["docs/assets/book/js/embed-host.js"],
    languageOptions: { ecmaVersion: 5 },
  },
  {
    // Templates of pages' scripts (see site_hooks/js_template.py).
    files: ["site_hooks/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, ...placeholders } },
  },
  {
    files: ["site_hooks/offline/service_worker_template.js"],
    languageOptions: { globals: { ...globals.serviceworker, ...placeholders } },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
