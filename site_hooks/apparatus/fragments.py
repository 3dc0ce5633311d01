"""Markdown inside blocks (an exercise's question and solution, a caption)
rendered to HTML with the same math setup as the pages: pymdownx.arithmatex
in generic mode, whose spans the book's math.js typesets with KaTeX."""

import re

import markdown

__all__ = ["block_html", "inline_html"]

_EXTENSIONS = ["pymdownx.arithmatex", "tables", "attr_list"]
_CONFIG = {"pymdownx.arithmatex": {"generic": True}}


def block_html(text):
    """Paragraphs, lists, display math ($$ on lines of their own), tables."""
    return markdown.markdown(text, extensions=_EXTENSIONS, extension_configs=_CONFIG)


def inline_html(text):
    """One passage (code, emphasis, math, links) without the surrounding <p>."""
    html = block_html(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.S)
