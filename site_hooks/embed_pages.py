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

__all__ = ["EmbedPages", "embed_snippet", "embed_url", "HOST_SCRIPT"]

HOST_SCRIPT = "assets/book/js/embed-host.js"
EMBED_SCRIPT = "assets/book/js/embed.js"


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


def _iframe(site_url, kind, key, title, height):
    src = site_url.rstrip("/") + "/" + embed_url(kind, key)
    label = escape(title, quote=False).replace('"', "&quot;")
    return (f'<iframe src="{escape(src)}" title="{label}" data-neural-odes-book '
            f'style="width:100%;height:{height}px;border:0" loading="lazy"></iframe>')


def embed_snippet(site_url, slug, title, sim_ids):
    """The box under a chapter with copyable HTML (absolute URLs from site_url)."""
    host = site_url.rstrip("/") + "/" + HOST_SCRIPT
    script = f'<script src="{escape(host)}" async></script>'
    blocks = [("this chapter", _iframe(site_url, "chapters", slug, title, 900) + "\n" + script)]
    for sim in sim_ids:
        blocks.append((f"the simulation <code>{escape(sim)}</code> alone",
                       _iframe(site_url, "sims", sim, f"{sim} simulation from {title}", 560) + "\n" + script))
    body = "".join(f"<p>Embed {label}:</p><pre><code>{escape(code)}</code></pre>" for label, code in blocks)
    return (f'\n<details class="book-embed-snippet" data-embed-snippet><summary>Embed this chapter in a '
            f'course page</summary><p>Paste this HTML into a page of your course site (Moodle, Canvas, '
            f'a blog). The frame has no site navigation and sets its own height; the simulations run '
            f'in the reader\'s browser.</p>{body}</details>\n')


class EmbedPages:
    def __init__(self):
        self.chapters = {}  # slug -> (page_url, title, html)
        self.sims = {}  # sim id -> (page_url, caption, html)

    def add_chapter(self, slug, page_url, title, html):
        self.chapters[slug] = (page_url, title, html)

    def add_sim(self, sim_id, page_url, html, caption=""):
        self.sims.setdefault(sim_id, (page_url, caption, html))

    def write(self, site_dir, extra_css, extra_javascript, log=print):
        site = Path(site_dir)
        material_css = sorted(p.relative_to(site).as_posix()
                              for p in (site / "assets" / "stylesheets").glob("*.min.css"))
        # Material's main stylesheet before its palette, then the book's own.
        material_css.sort(key=lambda p: (not posixpath.basename(p).startswith("main."), p))
        css = material_css + list(extra_css)
        js = [j for j in extra_javascript if not j.endswith("main.js")] + [EMBED_SCRIPT] + \
             [j for j in extra_javascript if j.endswith("main.js")]
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
