"""The ``quiz`` block: one multiple-choice question with an explanation per option.

Example::

    ```quiz
    id: 1-1
    question: In `h + f(h)`, which part plays the role of dh/dt?
    options:
      - text: the residual block f
        correct: true
        why: Euler's step is h + Δt·f(h); with Δt = 1 it is the residual update.
      - text: the identity path h
        why: The identity carries the old state forward; it is not a rate of change.
    ```
"""

from dataclasses import dataclass
from html import escape
import re

import markdown

from .directives import chapter_id, load_yaml

__all__ = ["QuizSpec", "parse_quiz", "render_quiz", "inline_markdown"]

_KEYS = {"id", "question", "options"}
_OPTION_KEYS = {"text", "correct", "why"}


@dataclass(frozen=True)
class QuizSpec:
    id: str
    question: str
    options: tuple  # of (text, correct, why)


def parse_quiz(block, chapter=None):
    """Validate a quiz block; ``chapter`` (an int) checks the id's chapter number."""
    data, lines = load_yaml(block, _KEYS)
    quiz_id = chapter_id(block, data, lines, "quiz", chapter, example="1-1")
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise block.error("missing 'question'", lines.get(("question",)))
    options = data.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise block.error("'options' must list at least two answers", lines.get(("options",)))
    parsed = []
    for n, option in enumerate(options):
        where = lines.get(("options", n))
        if not isinstance(option, dict) or set(option) - _OPTION_KEYS:
            raise block.error(f"option {n + 1} must be a mapping with text, why and optionally correct: true", where)
        text, why, correct = option.get("text"), option.get("why"), option.get("correct", False)
        if not isinstance(text, str) or not isinstance(why, str) or not why.strip():
            raise block.error(f"option {n + 1} needs 'text' and a 'why' that explains it", where)
        if not isinstance(correct, bool):
            raise block.error(f"option {n + 1}: 'correct' is true or false", where)
        parsed.append((text, correct, why))
    right = sum(c for _, c, _ in parsed)
    if right != 1:
        raise block.error(f"exactly one option must be 'correct: true' (found {right})", lines.get(("options",)))
    return QuizSpec(quiz_id, question, tuple(parsed))


def inline_markdown(text):
    """Markdown of one short passage (code, emphasis, math) without the <p>."""
    html = markdown.markdown(text, extensions=["pymdownx.arithmatex"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)


def render_quiz(spec):
    name = f"quiz-{spec.id}"
    options = "".join(
        f'<label class="book-quiz__option"><input type="radio" name="{name}" value="{n}" '
        f'data-correct="{str(correct).lower()}" data-why="{escape(inline_markdown(why), quote=True)}">'
        f'<span>{inline_markdown(text)}</span></label>'
        for n, (text, correct, why) in enumerate(spec.options))
    return (f'<fieldset class="book-quiz" data-quiz="{escape(spec.id)}">'
            f'<legend class="book-quiz__question"><span class="book-quiz__tag">Quiz {escape(spec.id)}</span> '
            f'{inline_markdown(spec.question)}</legend>'
            f'<div class="book-quiz__options">{options}</div>'
            f'<p class="book-quiz__feedback" data-feedback="" aria-live="polite"></p>'
            f'</fieldset>')
