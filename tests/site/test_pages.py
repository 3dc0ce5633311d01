"""Pages of the book: each page's URL and the links between them, with and
without directory URLs, and the order of the navigation."""

from pathlib import Path

from site_hooks.apparatus.pages import BACK_MATTER, book_nav, chapter_number, href, page_url

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_page_urls_and_links_follow_mkdocs():
    assert page_url("chapters/03-x.md") == "chapters/03-x/" and page_url("index.md") == ""
    assert page_url("chapters/03-x.md", False) == "chapters/03-x.html" and page_url("index.md", False) == "index.html"
    assert href("references.md", "ref-x", "chapters/03-x.md", False) == "../references.html#ref-x"
    assert href("references.md", "ref-x", "chapters/03-x.md", True) == "../../references/#ref-x"
    assert href("glossary.md", "term-x", "index.md", True) == "glossary/#term-x"
    assert href("chapters/03-x.md", "sim-a", "chapters/03-x.md") == "#sim-a"
    assert chapter_number("chapters/07-classifier.md") == 7 and chapter_number("references.md") is None


def test_navigation_ends_with_the_back_matter():
    nav = book_nav(DOCS)
    back = [page for page in BACK_MATTER if (DOCS / page).is_file()]
    assert "references.md" in back and back == [p for p in ("notation.md", "glossary.md", "references.md") if p in back]
    assert nav[0] == "index.md" and nav[-len(back):] == back
    chapters = nav[1]["Chapters"]
    assert chapters == sorted(chapters) and len(chapters) == len(list((DOCS / "chapters").glob("*.md")))
