"""The apparatus end to end, on a small book built by mkdocs with the real
hooks (tests/apparatus_book.py): every citation, cross-reference, glossary and
back link resolves, with directory URLs, in the offline build (no directory
URLs) and in the embed pages; BOOK_SOLUTIONS=hide strips the solutions."""

from urllib.parse import unquote
import re

import pytest

from apparatus_book import build_book

LINK = re.compile(r'<a class="book-(?:cite|xref|term)" href="([^"]+)"|<span class="book-ref__cited">(.*?)</span>', re.S)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    out = {}
    for name, env in (("web", None), ("offline", {"BOOK_OFFLINE": "true"}), ("hidden", {"BOOK_SOLUTIONS": "hide"})):
        result, site = build_book(tmp_path_factory.mktemp(name), env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "WARNING" not in result.stdout + result.stderr
        out[name] = site
    return out


def targets(html):
    for match in LINK.finditer(html):
        if match.group(1):
            yield match.group(1)
        else:
            yield from re.findall(r'href="([^"]+)"', match.group(2))


def resolve(page, href):
    path, _, anchor = href.partition("#")
    dest = (page.parent / unquote(path)) if path else page
    if dest.is_dir() or path.endswith("/"):
        dest = dest / "index.html"
    return dest, anchor


@pytest.mark.parametrize("name", ["web", "offline"])
def test_every_apparatus_link_resolves(sites, name):
    site = sites[name]
    pages = [p for p in site.rglob("*.html") if "assets" not in p.parts]
    checked = 0
    for page in pages:
        html = page.read_text()
        for href in targets(html):
            dest, anchor = resolve(page, href)
            assert dest.is_file(), f"{page.relative_to(site)}: {href} -> {dest}"
            if anchor:
                assert f'id="{anchor}"' in dest.read_text(), f"{page.relative_to(site)}: {href}"
            checked += 1
    assert checked > 30
    if name == "web":  # the chapter embeds carry the links too, rebased
        embed = (site / "embed" / "chapters" / "01-fixture" / "index.html").read_text()
        assert 'class="book-cite" href="../../../references/#ref-chen2018neural"' in embed
    else:
        chapter = (site / "chapters" / "01-fixture.html").read_text()
        assert 'href="../references.html#ref-chen2018neural"' in chapter
        assert 'href="02-second.html#sim-staircase"' in chapter


def test_references_page_lists_cited_works_by_author(sites):
    html = (sites["web"] / "references" / "index.html").read_text()
    ids = re.findall(r'<li class="book-ref" id="ref-([^"]+)">', html)
    assert ids == ["chen2018neural", "weinan2017proposal", "haber2017stable", "he2016resnet",
                   "smith2020b", "smith2020a"]  # cited works only; Smith & Jones 2020a before 2020b
    chen = re.search(r'id="ref-chen2018neural">.*?</li>', html, re.S).group(0)
    assert '<a href="https://arxiv.org/abs/1806.07366">arXiv:1806.07366</a>' in chen
    assert re.findall(r'>Chapter (\d)</a>', chen) == ["1", "2"]


def test_chapter_shows_numbers_exercises_and_derivation(sites):
    html = (sites["web"] / "chapters" / "01-fixture" / "index.html").read_text()
    assert html.count('<details class="book-exercise__solution">') == 2
    assert '<details class="derivation">' in html
    assert ">Chen et al., 2018</a>, Sec. 2)</span>" in html
    assert re.search(r"Smith &amp; Jones, 2020b</a>; <a [^>]+>Smith &amp; Jones, 2020a</a>", html)
    # Glossary links stay out of headings, code, math and widgets.
    assert not re.search(r"<h\d[^>]*>[^<]*<a class=\"book-term\"", html)
    for widget in re.findall(r'<(?:figure|fieldset)[^>]*class="book-(?:sim|quiz)".*?</(?:figure|fieldset)>', html, re.S):
        assert "book-term" not in widget


def test_solutions_can_be_stripped(sites):
    html = (sites["hidden"] / "chapters" / "01-fixture" / "index.html").read_text()
    assert html.count('class="book-exercise"') == 2 and "book-exercise__solution" not in html
    assert "Four steps of 0.25" not in html


def test_front_page_still_counts_only_chapters(sites):
    html = (sites["web"] / "index.html").read_text()
    assert '<span class="book-stats__value">2</span><span>chapters</span>' in html
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', html)
    assert nav == [".", "chapters/01-fixture/", "chapters/02-second/", "notation/", "glossary/", "references/"]
