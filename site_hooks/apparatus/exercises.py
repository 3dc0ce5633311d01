"""The ``exercise`` block: a numbered exercise with its solution hidden until
the reader opens it.

Example::

    ```exercise
    id: 3-1
    kind: pencil            # pencil | simulation
    question: |
      Markdown, with $math$, $$display math$$, lists and {{ ch3.some_number }}.
    solution: |
      Markdown; hidden until the reader opens it.
    ```

``kind: simulation`` is "predict, then check with the simulation". It renders
as "Exercise 3.1 (pencil)" with the solution in a closed ``<details>``; a build
with ``BOOK_SOLUTIONS=hide`` leaves solutions out (for course authors).
"""

from dataclasses import dataclass
from html import escape
import os

from ..blocks.directives import chapter_id, load_yaml

__all__ = ["ExerciseSpec", "KINDS", "parse_exercise", "render_exercise", "solutions_shown"]

_KEYS = {"id", "kind", "question", "solution"}
KINDS = {"pencil": "pencil", "simulation": "predict, then check"}


@dataclass(frozen=True)
class ExerciseSpec:
    id: str
    kind: str
    question: str
    solution: str
    line: int

    @property
    def number(self):
        return self.id.replace("-", ".")

    @property
    def anchor(self):
        return f"ex-{self.id}"


def parse_exercise(block, chapter=None):
    """Validate an exercise block; ``chapter`` (an int) checks the id's chapter."""
    data, lines = load_yaml(block, _KEYS)
    ex_id = chapter_id(block, data, lines, "exercise", chapter, example="3-1")
    kind = data.get("kind")
    if kind not in KINDS:
        raise block.error(f"'kind' must be one of: {', '.join(KINDS)} (got {kind!r})", lines.get(("kind",)))
    for key in ("question", "solution"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise block.error(f"missing '{key}: |' followed by Markdown (an exercise without a {key} "
                              f"is not allowed)", lines.get((key,)))
    return ExerciseSpec(ex_id, kind, data["question"], data["solution"], block.line)


def solutions_shown(environ=None):
    """False when the build was asked to strip solutions (BOOK_SOLUTIONS=hide)."""
    value = (environ if environ is not None else os.environ).get("BOOK_SOLUTIONS", "show").strip().lower()
    if value not in ("show", "hide", ""):
        raise ValueError(f"BOOK_SOLUTIONS must be 'show' or 'hide', got {value!r}")
    return value != "hide"


def render_exercise(spec, to_html, show_solution=True):
    """HTML of one exercise; ``to_html`` turns its Markdown into HTML."""
    title_id = f"{spec.anchor}-title"
    solution = ""
    if show_solution:
        solution = (f'<details class="book-exercise__solution"><summary>Show solution'
                    f'<span class="book-sr-only"> to Exercise {spec.number}</span></summary>'
                    f'<div class="book-exercise__solution-body">{to_html(spec.solution)}</div></details>')
    return (f'<div class="book-exercise" id="{spec.anchor}" data-exercise="{escape(spec.id)}" '
            f'data-kind="{spec.kind}" role="group" aria-labelledby="{title_id}">'
            f'<p class="book-exercise__title" id="{title_id}"><span class="book-exercise__number">'
            f'Exercise {spec.number}</span> <span class="book-exercise__kind">({KINDS[spec.kind]})</span></p>'
            f'<div class="book-exercise__question">{to_html(spec.question)}</div>'
            f'{solution}</div>')
