"""Pages of the book: which are chapters, the URL MkDocs gives each, relative
links between them, and the order of the navigation."""

from pathlib import Path
import posixpath
import re

__all__ = ["BACK_MATTER", "book_nav", "chapter_number", "href", "page_url", "relative_url"]

_CHAPTER = re.compile(r"^chapters/(\d\d)-[\w-]+\.md$")
# After the chapters, in this order (each a Markdown page in docs/).
BACK_MATTER = ("notation.md", "glossary.md", "references.md")


def chapter_number(src_path):
    """3 for ``chapters/03-solver.md``; None for a page that is not a chapter."""
    match = _CHAPTER.match(src_path.replace("\\", "/"))
    return int(match.group(1)) if match else None


def page_url(src_path, directory_urls=True):
    """The URL of a page from the site root, as MkDocs makes it:
    ``chapters/03-x/`` (directory URLs) or ``chapters/03-x.html``."""
    stem = src_path.replace("\\", "/")[:-3]
    if not directory_urls:
        return stem + ".html"
    parent, name = posixpath.split(stem)
    if name in ("index", "README"):
        return parent + "/" if parent else ""
    return stem + "/"


def relative_url(target, from_url):
    """``target`` (a path from the site root) as seen from the page at
    ``from_url`` ("" or "chapters/01-x/" with directory URLs, "chapters/01-x.html" without)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    return rel + "/" if (target.endswith("/") or not target) and not rel.endswith("/") else rel


def href(target_src, anchor, from_src, directory_urls=True):
    """A link from the page ``from_src`` to ``#anchor`` on the page ``target_src``
    (both source paths such as ``chapters/03-x.md``): just the fragment on the same page."""
    if target_src == from_src:
        return f"#{anchor}"
    here, there = page_url(from_src, directory_urls), page_url(target_src, directory_urls)
    return f"{relative_url(there, here)}#{anchor}"


def book_nav(docs_dir):
    """The navigation: the front page, the chapters in file order, any other
    page, then the back matter (notation, glossary, references)."""
    docs = Path(docs_dir)
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    chapters = [p for p in pages if chapter_number(p) is not None]
    others = [p for p in pages if p not in chapters and p != "index.md" and p not in BACK_MATTER]
    nav = ["index.md"] if "index.md" in pages else []
    if chapters:
        nav.append({"Chapters": chapters})
    return nav + others + [p for p in BACK_MATTER if p in pages]
