/* The book's browser namespace and the few helpers every other file shares.
 * Classic scripts (not ES modules) on purpose: the offline copy of the book is
 * opened from file://, where Chromium refuses to load module scripts. */
(function () {
  "use strict";
  const Book = (window.NeuralOdesBook = window.NeuralOdesBook || {});
  if (Book.asset) return; // already loaded (instant navigation keeps scripts alive)

  // assets/ of the site, found from this script's own address so it works at any
  // page depth, under a sub-path and from file://.
  const here = document.currentScript && document.currentScript.src;
  const assetsBase = new URL("../../", here || window.location.href);

  Book.asset = (path) => new URL(path, assetsBase).href;

  /** Throw `invalid <name>: <value>` unless `ok`. */
  Book.check = (ok, name, value) => {
    if (!ok) throw new Error(`invalid ${name}: ${JSON.stringify(value)}`);
    return value;
  };

  Book.theme = () =>
    document.body && document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";

  Book.reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  /** Colours of the scene roles, read from CSS custom properties (palette.css). */
  Book.colors = () => {
    const style = getComputedStyle(document.body || document.documentElement);
    return Object.fromEntries(Book.sceneStyle.colorRoles.map((r) => [r, style.getPropertyValue(`--book-${r}`).trim() || "#888"]));
  };
})();
