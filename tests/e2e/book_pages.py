"""What the book's pages hold, read from the Markdown sources with the build's
own parsers: which simulations and quizzes each chapter has, and their controls."""

from pathlib import Path

from site_hooks.blocks.directives import find_blocks
from site_hooks.book_build import split_front_matter
from site_hooks.blocks.sim_block import parse_sim

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def page_url(md_path):
    rel = md_path.relative_to(DOCS).with_suffix("")
    return "" if rel.name == "index" else f"{rel.as_posix()}/"


def simulations():
    """[(sim spec, page url)] for every sim block of the book."""
    out = []
    for md in sorted(DOCS.rglob("*.md")):
        meta, body, offset = split_front_matter(md.read_text())
        for block in find_blocks(body, ("sim",), str(md.relative_to(DOCS)), offset):
            out.append((parse_sim(block), page_url(md)))
    return out


def quiz_pages():
    """Page urls with at least one quiz block."""
    return [page_url(md) for md in sorted(DOCS.rglob("*.md"))
            if find_blocks(split_front_matter(md.read_text())[1], ("quiz",), str(md))]


def all_pages():
    return [page_url(md) for md in sorted(DOCS.rglob("*.md"))]
