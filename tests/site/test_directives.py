"""Broken blocks stop the build with the file, the line and what is wrong."""

import re
import subprocess
import sys
import textwrap

import pytest

from site_hooks.blocks.directives import DirectiveError, find_blocks
from site_hooks.book_build import BookBuild, split_front_matter
from site_hooks.blocks.quiz_block import parse_quiz, render_quiz

GOOD_SIM = """```sim
id: euler
controls:
  dt: {label: "step size", min: 0.05, max: 1.0, step: 0.05, value: 0.5}
caption: ok
try: "Drag the step size; notice the error."
```"""

GOOD_QUIZ = """```quiz
id: 1-1
question: Which?
options:
  - text: this
    correct: true
    why: because it is.
  - text: that
    why: because it is not.
```"""


def page(body, path="chapters/01-x.md", book=None):
    """Run a page through the build's Markdown step; returns the new Markdown."""
    book = book or BookBuild(".", cache_dir=None)
    return book.page_markdown(textwrap.dedent(body), path)


def error_of(body, **kwargs):
    with pytest.raises(DirectiveError) as info:
        page(body, **kwargs)
    return info.value


def test_good_blocks_become_placeholders(tmp_path):
    book = BookBuild(tmp_path, cache_dir=tmp_path / "cache")
    out = book.page_markdown("# T\n\n" + GOOD_SIM + "\n\n" + GOOD_QUIZ + "\n", "chapters/01-x.md")
    assert out.count("<!-- book-block") == 2
    html = book.page_html(out, "chapters/01-x.md", "chapters/01-x/")
    assert 'data-sim="euler"' in html and 'data-quiz="1-1"' in html
    assert 'src="../../assets/figures/euler-light-' in html


@pytest.mark.parametrize("body, line, words", [
    ("text\n\n```sim\nid: nope\n```\n", 4, "unknown simulation id 'nope'"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.5}\n"
     "  speed: {label: b, min: 0, max: 1, step: 0.1, value: 0.5}\n```\n", 5, "unknown parameter 'speed'"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 1.5}\n```\n", 4,
     "outside its range"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.52}\n```\n", 4,
     "not on the slider's grid"),
    ("```sim\nid: euler\ncontrols: {}\n```\n", 3, "missing control for parameter 'dt'"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: '', min: 0.05, max: 1, step: 0.05, value: 0.5}\n```\n", 4,
     "needs a 'label'"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.01, max: 1, step: 0.01, value: 0.5}\n```\n", 4,
     "outside the model's range"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, type: checkbox}\n```\n", 4, "declared as a range"),
    ("```sim\nid: orders\ncontrols:\n  method: {options: [all, heun]}\n```\n", 4, "option 'heun' is not one"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.5\n```\n", 4,
     "malformed YAML"),
    ("```sim\nid: euler\n  bad: [indent\n```\n", 3, "malformed YAML"),
    ("para\n\n```sim\nid: euler\n", 3, "never closed"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.5}\n"
     "readouts:\n  speed: how fast\ncaption: c\ntry: t\n```\n", 1, "readout 'speed' is not reported"),
    ("```quiz\nid: 1-1\nquestion: q\noptions:\n  - {text: a, why: b}\n  - {text: c, why: d}\n```\n", 4,
     "exactly one option"),
    ("```quiz\nid: 2-1\nquestion: q\noptions:\n  - {text: a, why: b, correct: true}\n  - {text: c, why: d}\n```\n", 2,
     "belongs to chapter 2"),
    ("```quiz\nid: 1-1\nquestion: q\noptions:\n  - {text: a, correct: true}\n  - {text: c, why: d}\n```\n", 5,
     "needs 'text' and a 'why'"),
    ("Some prose.\nThe value is {{ ch1.nonsense }}.\n", 2, "unknown number"),
    ("```table\nid: nope\n```\n", 2, "unknown table id"),
])
def test_errors_name_file_line_and_reason(body, line, words):
    err = error_of(body)
    assert err.path == "chapters/01-x.md"
    assert err.line == line, str(err)
    assert words in str(err)
    assert str(err).startswith(f"chapters/01-x.md:{line}: ")


def test_fenced_examples_are_not_blocks():
    md = "````markdown\n```sim\nid: nope\n```\n````\n"
    assert find_blocks(md, ("sim",), "x.md") == []


def test_front_matter_counts_toward_line_numbers():
    source = "---\nsummary: s\n---\n\n# T\n\n```sim\nid: nope\n```\n"
    meta, body, offset = split_front_matter(source)
    assert meta == {"summary": "s"} and offset == 4
    with pytest.raises(DirectiveError) as info:
        BookBuild(".").page_markdown(body, "chapters/01-x.md", offset)
    assert info.value.line == 8  # the line of "id: nope" in the file


def test_controls_default_to_the_models_declaration(tmp_path):
    """A block may name a control and nothing more: the model's declaration fills in the rest."""
    book = BookBuild(tmp_path, cache_dir=tmp_path / "cache")
    md = "```sim\nid: euler\ncontrols:\n  dt:\ncaption: ok\ntry: t\n```\n"
    html = book.page_html(book.page_markdown(md, "chapters/01-x.md"), "chapters/01-x.md", "chapters/01-x/")
    assert re.search(r'name="dt" min="0.05" max="1.0" step="0.05" value="0.5"', html)
    assert "step size Δt</label>" in html


def test_quiz_html_follows_the_contract():
    spec = parse_quiz(find_blocks(GOOD_QUIZ, ("quiz",), "x.md")[0])
    html = render_quiz(spec)
    assert html.count('type="radio"') == 2
    assert 'data-feedback=""' in html and 'data-quiz="1-1"' in html


def test_sim_controls_carry_names_and_labels(tmp_path):
    book = BookBuild(tmp_path, cache_dir=tmp_path / "cache")
    html = book.page_html(book.page_markdown(GOOD_SIM, "chapters/01-x.md"), "chapters/01-x.md", "chapters/01-x/")
    control = re.search(r'<input type="range" id="([\w-]+)" name="dt"', html)
    assert control and f'<label for="{control.group(1)}">' in html
    assert 'data-state="static"' in html and 'data-frame="0"' in html
    for name in ("steps", "estimate", "error"):
        assert f'data-readout="{name}"' in html


def test_mkdocs_build_stops_with_file_and_line(tmp_path):
    """The real build, on a copy of the book with one broken chapter."""
    import shutil
    from pathlib import Path
    ROOT = Path(__file__).resolve().parents[2]
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    config = (ROOT / "mkdocs.yml").read_text().replace("site_hooks/book_hooks.py", str(ROOT / "site_hooks/book_hooks.py"))
    (tmp_path / "mkdocs.yml").write_text(config)
    chapter = tmp_path / "docs/chapters/01-resnet-is-euler.md"
    text = chapter.read_text().replace("step: 0.05, value: 0.5}", "step: 0.05, value: 5}")
    chapter.write_text(text)
    line = next(n for n, l in enumerate(text.split("\n"), 1) if "value: 5}" in l)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"chapters/01-resnet-is-euler.md:{line}:" in result.stderr + result.stdout
    assert "outside its range" in result.stderr + result.stdout
