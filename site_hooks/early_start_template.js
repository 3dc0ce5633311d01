/* Starts the Python runtime's worker while the rest of the page is still loading.
 * The build inlines this just after the article of every page with a simulation
 * (BookBuild.page_head; not in embeds, the offline copy or print). When a simulation
 * is already near the viewport as the page is parsed, or is the target of the link
 * that opened the page, Pyodide boots during the download and set-up of the page's
 * scripts instead of after them. runtime.js adopts the worker (Book.early): there is
 * still one Pyodide per page. Save-Data readers, simulations further down, and later
 * pages of an instant navigation take the usual lazy path (main.js). */
(function () {
  "use strict";
  const Book = (window.NeuralOdesBook = window.NeuralOdesBook || {});
  if (Book.runtime || Book.early) return; // the scripts are loaded: the runtime lives on
  if (!/^https?:$/.test(location.protocol) || !("Worker" in window)) return;
  if (navigator.connection && navigator.connection.saveData) return;
  const manifest = __MANIFEST__;
  const margin = manifest.startMargin;
  const target = decodeURIComponent(location.hash.slice(1));
  const near = (el) => {
    const box = el.getBoundingClientRect();
    return (box.top < innerHeight + margin && box.bottom > -margin) || (target !== "" && el.id === target);
  };
  // The playground (data-isolate) runs in a runtime of its own, never the shared one.
  const figures = [...document.querySelectorAll("figure[data-sim]:not([data-isolate])")].filter(near);
  if (!figures.length) return;
  const asset = (path) => new URL(path, new URL(__ASSETS__, location.href)).href;
  let worker;
  try {
    worker = new Worker(asset(manifest.worker));
  } catch (err) {
    return; // runtime.js tries again and says why
  }
  const early = { worker, events: [], startedAt: performance.timeOrigin + performance.now() };
  worker.onmessage = (event) => early.events.push(event);
  worker.onerror = (event) => { event.preventDefault(); early.events.push(event); };
  const sims = [...new Set(figures.map((f) => f.dataset.sim))];
  const models = [...new Set(figures.flatMap((f) => (f.dataset.trained || "").split(" ").filter(Boolean)))];
  worker.postMessage({ type: "init", assets: asset(""), manifest, sims, models });
  Book.early = early;
})();
