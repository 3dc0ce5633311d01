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
    Book.typesetMath(document);
    document.querySelectorAll("[data-quiz]").forEach(Book.bindQuiz);
    current = [...document.querySelectorAll("[data-sim]")].map((root) => new Book.Simulation(root));
    // A generous margin starts the runtime before the reader reaches the figure.
    observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        observer.unobserve(e.target);
        current.find((s) => s.root === e.target)?.start();
      }
    }, { rootMargin: "400px 0px" });
    current.forEach((s) => observer.observe(s.root));
  }

  Book.pageSimulations = () => current;
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUpPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpPage);
  else setUpPage();
})();
