/* Embed mode (pages under embed/, written by site_hooks/embed_pages.py): the page
 * lives in an iframe of a course site, possibly on another origin. It tells its
 * parent its height on load and on every change of size:
 *   {source: "neural-odes-book", type: "resize", height: <css px>, embed: "<kind>/<id>"}
 * and accepts one message from its parent (checked: sent by window.parent, this shape):
 *   {source: "neural-odes-book-host", type: "theme", theme: "light" | "dark"}
 * The theme also follows ?theme=light|dark, else the reader's system setting. */
(function () {
  "use strict";
  const frame = document.querySelector(".book-embed__frame[data-embed]");
  if (!frame) return;
  const Book = window.NeuralOdesBook;
  const embed = `${frame.dataset.embed}/${frame.dataset.embedId}`;
  Book.embedded = true;

  // Links leave the frame (a new tab); in-page anchors scroll inside it.
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest("a[href]");
    if (!a) return;
    const raw = a.getAttribute("href");
    if (raw.startsWith("#")) {
      event.preventDefault();
      const target = document.getElementById(decodeURIComponent(raw.slice(1)));
      if (target) target.scrollIntoView();
    } else if (!a.target) {
      a.target = "_blank";
      a.rel = "noopener";
    }
  });

  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const asked = new URLSearchParams(window.location.search).get("theme");
  let theme = asked === "dark" || asked === "light" ? asked : null;
  function applyTheme() {
    const scheme = (theme || (dark.matches ? "dark" : "light")) === "dark" ? "slate" : "default";
    document.body.setAttribute("data-md-color-scheme", scheme);
  }
  applyTheme();
  dark.addEventListener("change", applyTheme);

  let last = -1;
  function report() {
    if (window.parent === window) return;
    const style = getComputedStyle(document.body);
    const height = Math.ceil(frame.getBoundingClientRect().height + frame.offsetTop +
      parseFloat(style.marginBottom || 0) + parseFloat(style.paddingBottom || 0));
    if (height === last) return;
    last = height;
    document.documentElement.dataset.embedHeight = String(height);
    // The height is not private: any parent may know it ("*"); the host checks the sender.
    window.parent.postMessage({ source: "neural-odes-book", type: "resize", height, embed }, "*");
  }
  new ResizeObserver(report).observe(frame);
  window.addEventListener("load", report);
  report();

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || window.parent === window) return;
    const d = event.data;
    if (!d || typeof d !== "object" || d.source !== "neural-odes-book-host") return;
    if (d.type === "theme" && (d.theme === "light" || d.theme === "dark")) {
      theme = d.theme;
      applyTheme();
    } else if (d.type === "ping") {
      last = -1;
      report();
    }
  });
})();
