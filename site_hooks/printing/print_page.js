/* Helpers site_hooks/printing/book_pdf.py adds to the composed book before it prints
 * it (page.add_script_tag), then calls by name. */
(function () {
  "use strict";
  window.bookPrint = {
    /** What must hold for the print to be right: resolves to a list of problems. */
    async problems() {
      await document.fonts.ready;
      const problems = [];
      for (const img of document.images) {
        if (!img.complete) await new Promise((ok) => { img.onload = img.onerror = ok; });
        if (!img.naturalWidth) problems.push(`image did not load: ${img.getAttribute("src")}`);
      }
      document.querySelectorAll(".arithmatex:not([data-typeset])").forEach((el) =>
        problems.push(`math not typeset: ${el.textContent.slice(0, 60)}`));
      if (!document.fonts.check("16px Roboto")) problems.push("the Roboto web font did not load");
      document.querySelectorAll("figure.book-sim").forEach((fig) => {
        const shown = [...fig.querySelectorAll("img, canvas")].filter((el) => getComputedStyle(el).display !== "none");
        if (shown.length !== 1 || shown[0].tagName !== "IMG")
          problems.push(`figure ${fig.dataset.sim} shows ${shown.length} images or an undrawn canvas`);
      });
      return problems;
    },
    /** [section id, title] of every part that starts a page, in order. */
    titles() {
      return [...document.querySelectorAll("section[data-print-title]")].map((s) => [s.id, s.dataset.printTitle]);
    },
    /** Write each part's page number into the contents: pairs of [section id, page]. */
    setPages(pairs) {
      pairs.forEach(([key, n]) => { document.querySelector(`[data-toc-page="${key}"]`).textContent = String(n); });
    },
  };
})();
