"""Embed pages: each chapter and each simulation on a page of its own, without the
site's navigation, for an iframe in a course site (Moodle, Canvas, a blog).

    embed/chapters/<slug>/index.html   a chapter's content
    embed/sims/<id>/index.html         one simulation (controls, readouts, figure)

They are written after the build from the HTML the pages rendered, with the
book's CSS and scripts plus ``assets/book/js/embed.js``, which tells the parent
page the embed's height with postMessage. Relative URLs in that HTML (figures,
links to other chapters) are rewritten for the embed page's place. The host side is ``assets/book/js/embed-host.js`` (see README, "Embedding").
"""

from __future__ import annotations

from html import escape
from pathlib import Path
import posixpath
import re
from urllib.parse import urlsplit

from ..runtime_manifest import PAGE_STYLES, embed_scripts

__all__ = ["EmbedPages", "embed_snippet", "embed_url", "sim_frame_height", "published_base", "HOST_SCRIPT"]

HOST_SCRIPT = "assets/book/js/embed-host.js"


_URL_ATTR = re.compile(r'(\s(?:src|href|data-src-light|data-src-dark|poster)=")([^"]*)(")')


def rebase(html, from_dir, to_dir):
    """``html`` written for a page in ``from_dir`` (site-root paths, "" for the
    root), with its relative URLs rewritten for a page in ``to_dir``."""
    def fix(match):
        url = match.group(2)
        if not url or url.startswith(("#", "/", "?")) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
            return match.group(0)
        path, rest = re.match(r"([^?#]*)(.*)", url, re.S).groups()
        new = posixpath.relpath(posixpath.normpath(posixpath.join(from_dir, path)), to_dir.rstrip("/") or ".")
        if path.endswith("/") or posixpath.basename(path) in (".", ".."):
            new += "/"
        return match.group(1) + new + rest + match.group(3)
    return _URL_ATTR.sub(fix, html)


def embed_url(kind, key):
    """Path from the site root of an embed page: kind is "chapters" or "sims"."""
    return f"embed/{kind}/{key}/"


# The frame's height before (or without) the host script. Measured (tests/e2e/
# test_embed.py): a simulation with one control row fits in this at frame widths
# from 600 to 1200 px; every further row of controls adds about one slider's height.
# A chapter never fits: its frame scrolls inside itself.
SIM_HEIGHT, ROW_HEIGHT, CHAPTER_HEIGHT = 820, 60, 900
_ROWS = {"textarea": 3}  # a code box is about three slider rows tall
# The caption (with its "try" line) wraps; beyond three lines at the narrowest
# common width each further line adds to the height.
CAPTION_CHARS_PER_LINE, CAPTION_LINE_HEIGHT, CAPTION_FREE_LINES = 80, 24, 3


def sim_frame_height(spec):
    """Default height (px) of the iframe of one simulation (a ``SimSpec``)."""
    rows = sum(_ROWS.get(c.kind, 1) for c in spec.controls.values()) + (1 if spec.pointer else 0)
    caption = f"{spec.caption or ''} {getattr(spec, 'try_text', None) or ''}".strip()
    lines = -(-len(caption) // CAPTION_CHARS_PER_LINE)
    return (SIM_HEIGHT + ROW_HEIGHT * max(0, rows - 1)
            + CAPTION_LINE_HEIGHT * max(0, lines - CAPTION_FREE_LINES))


def published_base(site_url):
    """The address the snippet can print at build time, or None when the build does
    not know where the book will be published (no SITE_URL: a loopback address)."""
    host = urlsplit(site_url).hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        return None
    return site_url.rstrip("/") + "/"


PLACEHOLDER_BASE = "https://<the book's address>/"


def _iframe(base, kind, key, title, height):
    src = base + embed_url(kind, key)
    label = escape(title, quote=False).replace('"', "&quot;")
    return (f'<iframe src="{src}" title="{label}" data-neural-odes-book '
            f'style="width:100%;height:{height}px;border:0" loading="lazy"></iframe>')


def embed_snippet(site_url, slug, title, sims):
    """The box under a chapter with copyable HTML. ``sims``: (id, frame height) pairs.

    The code's addresses start with the published address (``site_url``) or, when
    the build does not know it, a visible placeholder; on a page served over
    http(s), ``assets/book/js/embed-snippet.js`` replaces that start with the page's
    own site root, and its "current settings" button adds the controls' values."""
    base = published_base(site_url)
    shown = base or PLACEHOLDER_BASE
    script = f'<script src="{shown + HOST_SCRIPT}" async></script>'

    def code(kind, key, frame_title, height, sim=None):
        text = _iframe(shown, kind, key, frame_title, height) + "\n" + script
        extra = f' data-embed-sim="{escape(sim)}"' if sim else ""
        return (f'<pre><code data-embed-code data-embed-base="{escape(shown)}" '
                f'data-embed-src="{escape(shown + embed_url(kind, key))}"{extra}>{escape(text)}</code></pre>')

    parts = ["<p>Embed this chapter:</p>", code("chapters", slug, title, CHAPTER_HEIGHT)]
    for sim, height in sims:
        parts += [f"<p>Embed the simulation <code>{escape(sim)}</code> alone:</p>",
                  f'<p class="book-embed-snippet__current" hidden><button type="button" '
                  f'data-embed-current="{escape(sim)}">Embed with the current settings</button> '
                  f'<output aria-live="polite"></output></p>',
                  code("sims", sim, f"{sim} simulation from {title}", height, sim)]
    unknown = "" if base else (
        '<p class="book-embed-snippet__unknown" data-embed-unknown><strong>This copy of the book was '
        'built without its public address</strong> (<code>SITE_URL</code>), so the addresses below start '
        'with a placeholder: replace it with the address where the book is published.</p>')
    return (
        '\n<details class="book-embed-snippet" data-embed-snippet><summary>Embed this chapter in a '
        'course page</summary><p>Paste this HTML into a page of your course site (Moodle, Canvas, a '
        'blog). The frame has no site navigation; the simulations run in the reader\'s browser, and the '
        'script beside the frame makes it as tall as its content.</p>' + unknown + "".join(parts) +
        '<p><strong>Where scripts are removed</strong> (Canvas, and other platforms that strip '
        '<code>&lt;script&gt;</code> from pasted HTML): paste the <code>&lt;iframe&gt;</code> line alone. '
        'The frame keeps the height in its <code>style</code>, enough for a simulation at common widths '
        '(change <code>height:…px</code> to taste), and scrolls inside itself when its content is taller.</p>'
        '<p><strong>Start values.</strong> A query on the frame\'s address sets controls, for example '
        '<code>embed/sims/tolerance/?tol=0.8</code>, <code>?field=saddle</code> or '
        '<code>?augmented=true</code> (in a chapter frame, <code>?tolerance.tol=0.8</code> names the '
        'figure). A value outside a control\'s range or options is ignored; code is never taken from an '
        'address. <code>?theme=dark</code> picks the dark palette.</p></details>\n')


class EmbedPages:
    def __init__(self):
        self.chapters = {}  # slug -> (page_url, title, html)
        self.sims = {}  # sim id -> (page_url, caption, html)
        self.heights = {}  # sim id -> default frame height (px)

    def add_chapter(self, slug, page_url, title, html):
        self.chapters[slug] = (page_url, title, html)

    def add_sim(self, spec, page_url, html):
        """The first rendering of a simulation (a ``SimSpec``) is its embed page."""
        self.sims.setdefault(spec.id, (page_url, spec.caption, html))
        self.heights.setdefault(spec.id, sim_frame_height(spec))

    def snippet(self, site_url, slug, title, sim_ids):
        """The embed box of a chapter whose simulations were added already."""
        return embed_snippet(site_url, slug, title, [(i, self.heights[i]) for i in dict.fromkeys(sim_ids)])

    def write(self, site_dir, log=print):
        site = Path(site_dir)
        material_css = sorted(p.relative_to(site).as_posix()
                              for p in (site / "assets" / "stylesheets").glob("*.min.css"))
        # Material's main stylesheet before its palette, then the book's own.
        material_css.sort(key=lambda p: (not posixpath.basename(p).startswith("main."), p))
        css = material_css + list(PAGE_STYLES)
        js = embed_scripts()
        for slug, (page_url, title, html) in self.chapters.items():
            self._write_one(site, embed_url("chapters", slug), page_url, title, html, css, js, "chapter", slug)
        for sim_id, (page_url, caption, html) in self.sims.items():
            title = f"{sim_id} simulation"
            self._write_one(site, embed_url("sims", sim_id), page_url, title, html, css, js, "sim", sim_id)
        log(f"embed: {len(self.chapters)} chapter and {len(self.sims)} simulation embed pages")

    @staticmethod
    def _write_one(site, path, page_url, title, html, css, js, kind, key):
        page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
        html = rebase(html, page_dir, path)
        rel = lambda target: posixpath.relpath(target, path.rstrip("/"))  # noqa: E731
        links = "".join(f'<link rel="stylesheet" href="{escape(rel(c))}">' for c in css)
        scripts = "".join(f'<script src="{escape(rel(j))}"></script>' for j in js)
        original = rel(page_url) + ("/" if page_url.endswith("/") else "")
        doc = f"""<!doctype html>
<html lang="en" class="book-embed-root">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)} · Neural ODEs</title>
<link rel="icon" href="{escape(rel('assets/images/favicon.png'))}">
{links}
</head>
<body class="book-embed" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="deep-orange">
<div class="book-embed__frame" data-embed="{kind}" data-embed-id="{escape(key)}">
<article class="md-typeset book-embed__content">
{html}
</article>
<p class="book-embed__source"><a href="{escape(original)}" target="_blank" rel="noopener">Open in the Neural ODEs book ↗</a></p>
</div>
{scripts}
</body>
</html>
"""
        out = site / path / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(doc, encoding="utf-8")
