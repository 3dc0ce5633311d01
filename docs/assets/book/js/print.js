/* Print (and ./book pdf): the page as a book page; print.css hides what only
 * works on screen. Just before printing:
 *   - the light palette, whatever the reader chose (paper is white);
 *   - every <details> open (derivations, exercise solutions), closed again after;
 *   - each simulation that has drawn live prints its current drawing, so the figure
 *     matches the printed settings and readouts: a copy of the scene drawn at print
 *     resolution on a canvas of its own (drawn at once, so nothing is left to load
 *     while the browser prints). A simulation that never ran prints its fallback
 *     figure, which shows the same defaults as its controls and readouts.
 * Everything is undone after printing. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  const PRINT_SCALE = 3; // device pixels per CSS pixel of the printed copy (about 300 dpi)
  let undo = [];

  Book.preparePrint = () => {
    if (undo.length) return;
    const body = document.body;
    const scheme = body.getAttribute("data-md-color-scheme");
    if (scheme && scheme !== "default") {
      body.setAttribute("data-md-color-scheme", "default");
      undo.push(() => body.setAttribute("data-md-color-scheme", scheme));
    }
    document.querySelectorAll("details:not([open]):not([data-embed-snippet])").forEach((d) => {
      d.open = true;
      undo.push(() => { d.open = false; });
    });
    const sims = Book.pageSimulations ? Book.pageSimulations() : [];
    for (const sim of sims) {
      if (!sim.scene || sim.canvas.hidden) continue;
      const copy = document.createElement("canvas");
      copy.className = "book-sim__print";
      copy.setAttribute("role", "img");
      copy.setAttribute("aria-label", sim.canvas.getAttribute("aria-label") || "");
      Book.drawScene(copy, sim.scene, { scale: PRINT_SCALE }); // colours of the light palette, set above
      sim.canvas.after(copy);
      sim.root.classList.add("book-sim--print-copy");
      undo.push(() => { copy.remove(); sim.root.classList.remove("book-sim--print-copy"); });
    }
  };

  Book.finishPrint = () => {
    const steps = undo.reverse();
    undo = [];
    steps.forEach((step) => step());
  };

  window.addEventListener("beforeprint", Book.preparePrint);
  window.addEventListener("afterprint", Book.finishPrint);
})();
