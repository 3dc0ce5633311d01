/* The embed snippet under a chapter (site_hooks/embed/pages.py writes it). The
 * build knows the book's address only when SITE_URL was set; here, on a page
 * served over http(s), the code boxes take the address the reader actually sees
 * (the site root, found from the book's scripts, so a sub-path works too). Each
 * simulation's box also offers "Embed with the current settings": its frame
 * address gets a query with the values of that simulation's controls on this
 * page that differ from the defaults (never the playground's code). */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;

  /** The snippet's text with its build-time base replaced by `root` and the
   *  frame's address followed by `query` ("" or "?a=1&b=2"). */
  function rewrite(code, root, query) {
    const base = code.dataset.embedBase;
    const src = code.dataset.embedSrc;
    const text = code.dataset.embedText || (code.dataset.embedText = code.textContent);
    const framed = text.split(`src="${src}"`).join(`src="${src}${query}"`);
    return framed.split(base).join(root);
  }

  /** Query for the controls of the first `[data-sim=id]` on the page whose values
   *  differ from the defaults the build wrote. Code boxes and buttons are left out. */
  Book.settingsQuery = (root) => {
    const defaults = JSON.parse(root.dataset.defaults || "{}");
    const query = new URLSearchParams();
    for (const el of root.querySelectorAll("input[name], select[name]")) {
      let value;
      if (el.type === "range") value = Number(el.value);
      else if (el.type === "checkbox") value = el.checked;
      else if (el.tagName === "SELECT") value = el.value;
      else continue;
      if (value !== defaults[el.name]) query.set(el.name, String(value));
    }
    return query.toString();
  };

  function setUp(box) {
    if (!/^https?:$/.test(window.location.protocol)) return; // keep the build's text
    const root = Book.asset("../"); // assets/../ is the site root
    box.querySelectorAll("[data-embed-unknown]").forEach((note) => note.remove());
    box.querySelectorAll("code[data-embed-code]").forEach((code) => {
      code.textContent = rewrite(code, root, "");
    });
    box.querySelectorAll("button[data-embed-current]").forEach((button) => {
      const id = button.dataset.embedCurrent;
      const sim = document.querySelector(`[data-sim="${CSS.escape(id)}"]`);
      const code = box.querySelector(`code[data-embed-sim="${CSS.escape(id)}"]`);
      if (!sim || !code) return;
      button.parentElement.hidden = false;
      button.addEventListener("click", () => {
        const query = Book.settingsQuery(sim);
        code.textContent = rewrite(code, root, query ? `?${query}` : "");
        button.parentElement.querySelector("output").textContent =
          query ? `Settings: ${query.split("&").join(", ")}` : "The simulation is at its default settings.";
      });
    });
  }

  function setUpPage() {
    document.querySelectorAll("[data-embed-snippet]").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUpPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
  else setUpPage();
})();
