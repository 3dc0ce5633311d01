/* The browser's copy of the scene contract in py/neural_odes/scene.py: the mark kinds
 * and their fields, and the style constants canvas.js draws with (the build writes
 * this file as assets/book/js/scene-style.js; see site_hooks/figures/scene_style.py). */
(function () {
  "use strict";
  const Book = (window.NeuralOdesBook = window.NeuralOdesBook || {});
  Book.sceneStyle = __SCENE_STYLE__;
})();
