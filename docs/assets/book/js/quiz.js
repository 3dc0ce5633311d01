/* Quizzes: choosing an option (the change event) fills the feedback element
 * with "right"/"wrong" and the explanation written for that option. */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;

  Book.bindQuiz = (root) => {
    const feedback = root.querySelector("[data-feedback]");
    root.addEventListener("change", (event) => {
      const input = event.target;
      if (input.type !== "radio") return;
      const right = input.dataset.correct === "true";
      feedback.dataset.feedback = right ? "right" : "wrong";
      feedback.innerHTML = `<strong>${right ? "Right." : "Not quite."}</strong> ${input.dataset.why}`;
      Book.typesetMath(feedback);
    });
  };
})();
