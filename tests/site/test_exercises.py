"""Exercises: numbered per chapter, Markdown with math and lists, the solution
hidden in a closed <details>, and every mistake a build error with file:line."""

from pathlib import Path
import re

import pytest

from site_hooks.apparatus.exercises import parse_exercise, render_exercise, solutions_shown
from site_hooks.apparatus.fragments import block_html
from site_hooks.blocks.directives import DirectiveError, find_blocks
from site_hooks.book_build import BookBuild

ROOT = Path(__file__).resolve().parents[2]
GOOD = """```exercise
id: 3-1
kind: pencil
question: |
  Compute $e^{0.5}$ to three places.

  - by hand;
  - with a calculator.
solution: |
  It is {{ ch1.exact }}:

  $$
  e^{0.5} = \\sum_k 0.5^k / k! .
  $$
```
"""


def block(text, path="chapters/03-x.md"):
    return find_blocks(text, ("exercise",), path)[0]


def test_an_exercise_renders_with_its_solution_closed():
    book = BookBuild(ROOT, docs_dir=ROOT / "docs")
    md = book.page_markdown("# 3. X\n\n" + GOOD, "chapters/03-x.md")
    html = book.page_html(md, "chapters/03-x.md", "chapters/03-x/")
    assert '<div class="book-exercise" id="ex-3-1" data-exercise="3-1" data-kind="pencil"' in html
    assert '<span class="book-exercise__number">Exercise 3.1</span> <span class="book-exercise__kind">(pencil)</span>' in html
    assert re.search(r'<details class="book-exercise__solution"><summary>Show solution', html)  # no "open"
    assert "<li>by hand;</li>" in html and '<div class="arithmatex">\\[' in html
    assert "1.648721" in html and "{{" not in html  # numbers come from printed/


def test_simulation_exercises_say_predict_then_check():
    spec = parse_exercise(block(GOOD.replace("kind: pencil", "kind: simulation")), 3)
    assert "(predict, then check)" in render_exercise(spec, block_html)


def test_solutions_can_be_left_out():
    spec = parse_exercise(block(GOOD), 3)
    html = render_exercise(spec, block_html, show_solution=False)
    assert "<details" not in html and "ch1.exact" not in html and "Compute" in html
    assert solutions_shown({"BOOK_SOLUTIONS": "hide"}) is False
    assert solutions_shown({}) is True and solutions_shown({"BOOK_SOLUTIONS": "show"}) is True
    with pytest.raises(ValueError):
        solutions_shown({"BOOK_SOLUTIONS": "maybe"})


@pytest.mark.parametrize("edit, line, words", [
    (lambda t: t.replace("solution: |\n  It is {{ ch1.exact }}:\n\n  $$\n  e^{0.5} = \\sum_k 0.5^k / k! .\n  $$\n", ""),
     1, "missing 'solution"),
    (lambda t: t.replace("It is {{ ch1.exact }}:\n\n  $$\n  e^{0.5} = \\sum_k 0.5^k / k! .\n  $$\n", "   \n"),
     9, "missing 'solution"),
    (lambda t: t.replace("kind: pencil", "kind: essay"), 3, "'kind' must be one of: pencil, simulation"),
    (lambda t: t.replace("id: 3-1", "id: 3.1"), 2, "'id' must look like <chapter>-<n>"),
    (lambda t: t.replace("id: 3-1", "id: 4-1"), 2, "belongs to chapter 4"),
    (lambda t: t + "\n" + t, 17, "exercise label '3-1' is already used at chapters/03-x.md:1"),
])
def test_mistakes_name_file_and_line(edit, line, words):
    book = BookBuild(ROOT, docs_dir=ROOT / "docs")
    with pytest.raises(DirectiveError) as info:
        book.scan({"chapters/03-x.md": edit(GOOD)})
    assert (info.value.path, info.value.line) == ("chapters/03-x.md", line), str(info.value)
    assert words in str(info.value)


def test_exercise_cross_references_link_to_the_exercise():
    book = BookBuild(ROOT, docs_dir=ROOT / "docs")
    page = "# 3. X\n\nTry [[ex:3-1]].\n\n" + GOOD
    book.scan({"chapters/03-x.md": page})
    html = book.page_html(book.page_markdown(page, "chapters/03-x.md"), "chapters/03-x.md", "chapters/03-x/")
    assert '<a class="book-xref" href="#ex-3-1">Exercise\xa03.1</a>' in html
