"""The built site: strict build clean, figures present, counts from the build,
the runtime vendored and hash-checked, nothing fetched off-origin."""

import hashlib
import json
import re

from neural_odes import sims
from site_hooks.runtime_manifest import pyodide_version

# What a page fetches: src attributes, and <link> elements that load (not
# canonical or prev/next, which are only addresses).
PAGE_SRC = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="([^"]+)"'
                      r'|<link\b[^>]*\brel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*\bhref="([^"]+)"')


def test_strict_build_has_no_warnings(site_build):
    log = site_build.stdout + site_build.stderr
    assert "WARNING" not in log, log


def test_every_simulation_has_its_figures(built_site):
    pages = list(built_site.rglob("index.html"))
    found = 0
    for page in pages:
        html = page.read_text()
        for match in re.finditer(r'<img class="book-sim__fallback" src="([^"]+)" data-src-light="[^"]+" '
                                 r'data-src-dark="([^"]+)"[^>]*alt="([^"]+)"', html):
            found += 1
            for src in match.group(1, 2):
                figure = (page.parent / src).resolve()
                assert figure.is_file() and figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", src
            assert len(match.group(3)) > 30  # a descriptive alt text
    assert found == sum(page.read_text().count("data-sim=") for page in pages) > 0


def test_front_page_counts_come_from_the_build(built_site):
    html = (built_site / "index.html").read_text()
    chapters = sorted(p.parent.name for p in (built_site / "chapters").glob("*/index.html"))
    sim_count = sum((built_site / "chapters" / c / "index.html").read_text().count("data-sim=") for c in chapters)
    values = re.findall(r'<span class="book-stats__value">(\d+)</span><span>([^<]+)</span>', html)
    assert ("%d" % len(chapters), "chapters") in values
    assert ("%d" % sim_count, "live simulations") in values
    assert html.count('class="book-card"') == len(chapters)


def test_no_page_loads_anything_off_origin(built_site):
    for page in built_site.rglob("*.html"):
        for src in PAGE_SRC.findall(page.read_text()):
            url = src[0] or src[1]
            assert not re.match(r"^(https?:)?//", url), f"{page}: {url}"
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text()):
            assert not re.match(r"^['\"]?(https?:)?//", url), f"{css}: {url}"
        assert "@import url(http" not in css.read_text()


def test_runtime_is_vendored_and_hash_checked(built_site):
    folder = built_site / "assets" / "pyodide"
    for name in ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (folder / name).is_file(), name
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    assert lock["info"]["version"] == pyodide_version()
    numpy = lock["packages"]["numpy"]
    assert numpy["version"] == "2.0.2"
    wheel = folder / numpy["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == numpy["sha256"]
    project = lock["packages"]["neural-odes-book"]
    project_wheel = folder / project["file_name"]
    assert hashlib.sha256(project_wheel.read_bytes()).hexdigest() == project["sha256"]
    assert "numpy" in project["depends"]


def test_math_and_fonts_are_vendored(built_site):
    assert (built_site / "assets/vendor/katex/katex.min.js").is_file()
    fonts = (built_site / "assets/vendor/fonts/fonts.css").read_text()
    for url in re.findall(r"url\(\./([^)]+)\)", fonts):
        assert (built_site / "assets/vendor/fonts" / url).is_file(), url


def test_font_subsets_are_those_the_book_needs(built_site):
    """fonts.css keeps a subset only when its unicode-range covers a character of the
    book, and the site carries exactly the files it names."""
    from site_hooks.vendoring.frontend import _ranges, characters_in
    css = (built_site / "assets/vendor/fonts/fonts.css").read_text()
    named = {u for u in re.findall(r"url\(\./([^)]+)\)", css)}
    shipped = {p.relative_to(built_site / "assets/vendor/fonts").as_posix()
               for p in (built_site / "assets/vendor/fonts").rglob("*.woff2")}
    assert shipped == named
    chars = {ord(c) for c in characters_in(built_site.rglob("*.html"))}
    for face in re.findall(r"@font-face\s*\{[^}]*\}", css):
        spec = re.search(r"unicode-range:\s*([^;}]+)", face).group(1)
        assert any(lo <= c <= hi for lo, hi in _ranges(spec) for c in chars) or "math" in face \
            or "symbols" in face, face  # math, symbols: also the scene labels drawn on canvases
    assert "roboto-latin-400-normal.woff2" in css and "roboto-greek-400-normal.woff2" in css  # Δ in labels
    assert "cyrillic" not in css and "vietnamese" not in css  # no such text in the book


def test_chapter_one_prints_the_computed_numbers(built_site):
    html = (built_site / "chapters/01-resnet-is-euler/index.html").read_text()
    text = re.sub(r"<[^>]+>", " ", html)
    for number in ("1.5625", "1.563", "1.629", "1.648515", "1.648721", "0.0862", "0.000206"):
        assert number in text, number
    assert "{{" not in text


def test_every_registered_model_draws_at_its_defaults():
    # Every sim used in the book has a model; the build ran each at its defaults.
    assert "euler" in sims.available()
