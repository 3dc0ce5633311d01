// Runs the book's classic scripts (docs/assets/book/js/) the way a page does, in
// order and sharing one global, but inside a node:vm context with a minimal fake
// window and document, so their pure parts can be unit-tested without a browser.
// Each script is an IIFE that hangs its API on window.NeuralOdesBook; the returned
// global is that window (window === self === the context's global object).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const JS_DIR = path.join(ROOT, "docs", "assets", "book", "js");
const VENV_PYTHON = path.join(ROOT, ".venv", "bin", "python");

// Scripts the build generates into the site (never kept in docs/): made here by the
// same Python, with the book's virtual environment when there is one.
const GENERATED = {
  "scene-style.js": "from site_hooks.figures.scene_style import scene_style_js; print(scene_style_js(), end='')",
};
const generated = new Map();

function source(file) {
  if (Object.hasOwn(GENERATED, file)) {
    if (!generated.has(file)) {
      const python = existsSync(VENV_PYTHON) ? VENV_PYTHON : "python3";
      generated.set(file, execFileSync(python, ["-c", GENERATED[file]], { cwd: ROOT, encoding: "utf8" }));
    }
    return { where: `(generated) ${file}`, text: generated.get(file) };
  }
  const where = file.includes("/") ? path.join(ROOT, file) : path.join(JS_DIR, file);
  return { where, text: readFileSync(where, "utf8") };
}

/** A document with nothing in it; tests replace the parts a script reads. */
function emptyDocument() {
  return {
    baseURI: "https://book.example/chapters/01/",
    readyState: "complete",
    currentScript: null,
    body: null,
    documentElement: {},
    querySelector: () => null,
    querySelectorAll: () => [],
    addEventListener() {},
    createElement: () => ({}),
  };
}

/**
 * Run `files` (names in docs/assets/book/js/, paths from the repository root, or
 * the name of a generated script such as "scene-style.js") in
 * a fresh context and return its window. `overrides` are added to the window before
 * the first script runs (their `document` is merged into the empty one).
 */
export function loadScripts(files, overrides = {}) {
  const { document = {}, ...rest } = overrides;
  const win = {
    console, URL, URLSearchParams, setTimeout, clearTimeout, queueMicrotask, performance,
    location: new URL("https://book.example/chapters/01/"),
    devicePixelRatio: 1,
    addEventListener() {},
    matchMedia: () => ({ matches: false, addEventListener() {} }),
    getComputedStyle: () => ({ getPropertyValue: () => "" }),
    ...rest,
  };
  win.document = { ...emptyDocument(), ...document };
  win.window = win;
  win.self = win;
  vm.createContext(win);
  for (const file of files) {
    const { where, text } = source(file);
    vm.runInContext(text, win, { filename: where });
  }
  return win;
}

/**
 * Evaluate `expression` inside the context, stopped after `ms` milliseconds: a call
 * that never returns fails its test instead of hanging the run.
 */
export function evaluate(win, expression, ms = 2000) {
  return vm.runInContext(expression, win, { timeout: ms });
}

/** Objects made inside the context have that realm's prototypes, which
 * assert.deepStrictEqual tells apart from ours: compare their JSON copies. */
export const plain = (value) => JSON.parse(JSON.stringify(value));

/** Let pending promise callbacks (the context's and ours) run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
