/* Entry point: on every page Material shows (first load and each instant
 * navigation), typeset math, bind quizzes and wire up simulations, which start
 * the shared runtime lazily when they come near the viewport or are touched. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  let current = []; // simulations of the page on screen
  let observer = null;

  function setUpPage() {
    if (performance.mark) performance.mark("book:page-setup"); // a start-up milestone (benchmark)
    current.forEach((s) => s.dispose());
    if (observer) observer.disconnect();
    current = [...document.querySelectorAll("[data-sim]")].map((root) => new Book.Simulation(root));
    // Simulations already near the viewport start now, so the runtime boots in its
    // worker while the math is typeset; the others when they come near (below).
    const margin = Book.manifest.startMargin; // px: how near the viewport a simulation starts the runtime
    const near = (el) => { const r = el.getBoundingClientRect(); return r.top < innerHeight + margin && r.bottom > -margin; };
    current.filter((s) => near(s.root)).forEach((s) => s.start());
    Book.typesetMath(document);
    document.querySelectorAll("[data-quiz]").forEach(Book.bindQuiz);
    // A generous margin starts the runtime before the reader reaches the figure.
    observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer.unobserve(e.target);
        current.find((s) => s.root === e.target)?.start();
      }
    }, { rootMargin: `${margin}px 0px` });
    current.forEach((s) => observer.observe(s.root));
  }

  Book.pageSimulations = () => current;
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUpPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
  else setUpPage();
})();
