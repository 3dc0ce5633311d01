/* Math: typeset the spans pymdownx.arithmatex leaves (\( \) and \[ \]) with the
 * vendored KaTeX. Runs on every page Material's instant navigation shows. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;

  Book.typesetMath = (root) => {
    if (!window.katex) return;
    root.querySelectorAll(".arithmatex").forEach((el) => {
      if (el.dataset.typeset) return;
      const tex = el.textContent.trim();
      const display = tex.startsWith("\\[");
      const body = tex.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
      try {
        window.katex.render(body, el, { displayMode: display, throwOnError: false });
        el.dataset.typeset = "1";
      } catch (err) {
        console.warn("KaTeX could not typeset", body, err);
      }
    });
  };
})();
