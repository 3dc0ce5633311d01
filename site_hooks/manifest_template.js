/* The browser's copy of site_hooks/runtime_manifest.py: the runtime's packages,
 * paths and scripts (the build writes this file as assets/book/js/manifest.js). */
(function () {
  "use strict";
  const Book = (window.NeuralOdesBook = window.NeuralOdesBook || {});
  Book.manifest = __MANIFEST__;
})();
