"""Citations: author-year labels from the BibTeX file, linked to one References
page; unknown keys stop the build with file:line; every entry is complete and
cited somewhere in the book."""

from pathlib import Path
import re
import shutil
import subprocess
import sys

import pytest

from site_hooks.apparatus import citations
from site_hooks.apparatus.citations import Bibliography
from site_hooks.blocks.directives import DirectiveError
from site_hooks.book_build import BookBuild, split_front_matter

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# The keys the book's authors agreed to cite (the original sources the book must name).
AGREED_KEYS = """he2016resnet weinan2017proposal haber2017stable lu2018beyond chen2018neural
dormand1980family hairer1993solving hairer1996solving pontryagin1962mathematical cao2003adjoint
dupont2019augmented grathwohl2019ffjord hutchinson1989stochastic rezende2015variational
lipman2023flow liu2023flow finlay2020train kelly2020learning kidger2022neural kidger2021hey
rubanova2019latent gholami2019anode zhuang2020adaptive sander2022residual massaroli2020dissecting
song2021score gu2022efficiently griewank2008evaluating gomez2017reversible""".split()

BIB = r"""
@article{one, author = {Hutchinson, Michael F.}, title = {Solo}, journal = {J}, volume = {1},
  year = {1989}, doi = {10.1000/a}}
@article{two, author = {Dormand, John R. and Prince, Peter J.}, title = {Pair}, journal = {J},
  volume = {6}, year = {1980}, doi = {10.1000/b}}
@book{many, author = {Hairer, Ernst and N{\o}rsett, Syvert P. and Wanner, Gerhard}, title = {Book},
  publisher = {Springer}, year = {1993}, eprint = {1234.56789}}
@article{zeta, author = {Smith, Ann and Jones, Bob}, title = {Zebras}, journal = {J}, volume = {1},
  year = {2020}, doi = {10.1000/z}}
@article{alpha, author = {Smith, Ann and Jones, Bob}, title = {Aardvarks}, journal = {J}, volume = {1},
  year = {2020}, doi = {10.1000/y}}
@phdthesis{e, author = {E, Weinan}, title = {Thesis}, school = {Princeton}, year = {2017}, eprint = {1701.00001}}
"""


@pytest.fixture(scope="module")
def bib():
    return Bibliography(BIB, "fixture.bib")


def test_author_year_labels(bib):
    assert bib["one"].label == "Hutchinson, 1989"
    assert bib["two"].label == "Dormand & Prince, 1980"
    assert bib["many"].label == "Hairer et al., 1993"
    assert bib["e"].label == "E, 2017"
    # Same authors, same year: a and b in the order of the reference list (by title).
    assert (bib["alpha"].label, bib["zeta"].label) == ("Smith & Jones, 2020a", "Smith & Jones, 2020b")
    assert "(2020b)" in bib["zeta"].text and "Nørsett" in bib["many"].text


def test_references_link_to_doi_or_arxiv(bib):
    assert 'href="https://doi.org/10.1000/a"' in bib["one"].html
    assert 'href="https://arxiv.org/abs/1234.56789"' in bib["many"].html


@pytest.mark.parametrize("entry, words", [
    ("@article{x, author = {A, B}, title = {T}, journal = {J}, volume = {1}, year = {2000}}", "needs a 'doi'"),
    ("@article{x, author = {A, B}, title = {T}, volume = {1}, year = {2000}, doi = {10.1/x}}", "missing journal"),
    ("@article{x, author = {A, B}, title = {T}, journal = {J}, volume = {1}, year = {2000}, doi = {x}}",
     "'doi' should look like"),
    ("@misc{x, author = {A, B}, title = {T}, year = {2000}, doi = {10.1/x}}", "not one the book formats"),
])
def test_incomplete_entries_are_refused_with_their_line(entry, words):
    with pytest.raises(DirectiveError) as info:
        Bibliography("% a comment\n\n" + entry + "\n", "refs.bib")
    assert info.value.line == 3 and words in str(info.value), str(info.value)


def test_citations_become_linked_author_year_text(bib):
    md = "As shown [@one] and [@two; @many, Sec. 2], but not `[@nope]` or [@one](x).\n"
    out = citations.render_citations(md, "chapters/03-x.md", 1, bib, lambda ref: f"../../references/#{ref.anchor}")
    assert ('(<a class="book-cite" href="../../references/#ref-one" title="Hutchinson, M. F. (1989). Solo.'
            in out)
    assert ">Dormand &amp; Prince, 1980</a>; <a" in out and ">Hairer et al., 1993</a>, Sec. 2)" in out
    assert "`[@nope]`" in out and "[@one](x)" in out


def test_unknown_key_names_file_and_line_even_across_lines(bib):
    md = "First line.\nA citation [@one;\n  @nope] spans two lines.\n"
    with pytest.raises(DirectiveError) as info:
        citations.check_citations(md, "chapters/03-x.md", 10, bib)
    assert info.value.line == 11 and "unknown citation key @nope" in str(info.value)


def test_a_page_with_an_unknown_key_stops_the_build():
    book = BookBuild(ROOT, docs_dir=DOCS)
    with pytest.raises(DirectiveError) as info:
        book.page_markdown("# T\n\nText [@chen2018neurall].\n", "chapters/03-x.md", 4)
    assert (info.value.path, info.value.line) == ("chapters/03-x.md", 7)
    assert "did you mean @chen2018neural" in str(info.value)


def test_the_books_bibliography_has_every_agreed_key_complete():
    bib = Bibliography.from_file(DOCS / "references.bib")  # loading checks completeness
    assert set(AGREED_KEYS) <= set(bib.entries)
    for ref in bib.entries.values():
        assert re.search(r'href="https://(doi\.org/10\.|arxiv\.org/abs/\d{4}\.)', ref.html), ref.key


def test_every_bibliography_entry_is_cited_in_the_book():
    bib = Bibliography.from_file(DOCS / "references.bib")
    cited = set()
    for md in DOCS.rglob("*.md"):
        cited |= set(citations.cited_keys(split_front_matter(md.read_text(encoding="utf-8"))[1]))
    uncited = sorted(set(bib.entries) - cited)
    assert not uncited, f"entries of references.bib no page cites: {', '.join(uncited)}"


def test_every_citation_in_the_built_book_resolves(built_site):
    refs = (built_site / "references" / "index.html").read_text()
    anchors = set(re.findall(r'<li class="book-ref" id="([^"]+)"', refs))
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        text = re.sub(r"<(code|pre)\b.*?</\1>", "", html, flags=re.S)
        assert not citations.CITATION.search(re.sub(r"<[^>]+>", "", text)), f"{page}: unresolved citation"
        for href in re.findall(r'<a class="book-cite" href="([^"]+)"', html):
            path, anchor = href.split("#")
            assert (page.parent / path / "index.html").resolve() == (built_site / "references" / "index.html")
            assert anchor in anchors, f"{page}: {href}"


def test_mkdocs_build_stops_on_an_unknown_key(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    config = (ROOT / "mkdocs.yml").read_text().replace("site_hooks/book_hooks.py", str(ROOT / "site_hooks/book_hooks.py"))
    (tmp_path / "mkdocs.yml").write_text(config)
    chapter = tmp_path / "docs/chapters/02-vector-field.md"
    lines = chapter.read_text().split("\n")
    n = next(i for i, l in enumerate(lines) if l.startswith("Read the equation slowly"))
    lines[n] += " [@chen2018neural; @nosuchkey2099]"
    chapter.write_text("\n".join(lines))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=tmp_path, capture_output=True, text=True)
    log = result.stderr + result.stdout
    assert result.returncode != 0
    assert f"chapters/02-vector-field.md:{n + 1}: unknown citation key @nosuchkey2099" in log, log[-2000:]


def test_no_page_links_to_data_the_site_leaves_out(site_build):
    # references.bib and glossary.yml are read by the build, not published (exclude_docs).
    assert "excluded from the built site" not in site_build.stdout + site_build.stderr
