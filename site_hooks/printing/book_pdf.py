"""The printed book: ``./book pdf`` writes ``dist/neural-odes-book.pdf``.

From a built site it composes one long HTML page (a cover, a table of contents,
then every page of the site's navigation in order: the front page, the chapters,
and the back matter when the build has it) and prints it with Chromium (through
Playwright) to PDF, with page numbers at the foot of every page but the cover (CSS page-margin boxes in
``print.css``: unlike Chromium's footer template, they can skip the cover). The page uses the site's own
stylesheets, so ``print.css`` decides what paper shows: simulations as their
fallback figures (the build draws one for each, at the default settings the
printed readouts show), quizzes with the answer key at the end of each chapter,
collapsibles open, external links numbered. KaTeX typesets the math and the web
fonts load before anything is printed; a broken image, untypeset math or a
figure without its image stops the run.

Chromium cannot put page numbers into a table of contents (no CSS
``target-counter``), so the book is printed twice: the first PDF says on which
page each part starts (read with ``pdftotext`` from poppler-utils), the second
carries those numbers.

    python -m site_hooks.printing.book_pdf [--site DIR] [--out FILE]

Without ``--site`` it first builds the book (``mkdocs build --strict``, with the
environment's ``SITE_URL``) into a temporary folder.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import partial
from html import escape, unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import os
from pathlib import Path
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata

from .. import PROJECT_ROOT
from ..embed.pages import published_base

__all__ = ["Part", "book_parts", "compose", "make_pdf", "pdf_pages_text", "PrintError"]

ROOT = PROJECT_ROOT
DEFAULT_OUT = ROOT / "dist" / "neural-odes-book.pdf"
SITE = "book/"  # where the print page finds the site (a link to the built folder)
SCRIPTS = ("assets/vendor/katex/katex.min.js", "assets/book/js/book.js", "assets/book/js/math.js")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE = {"format": "A4", "margin": {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_URL_ATTR = re.compile(r'(\s(?:src|href|data-src-light|data-src-dark)=")([^"]*)(")')
_ID_ATTR = re.compile(r'(\sid=")([^"]+)(")')
_SNIPPET = re.compile(r'<details class="book-embed-snippet".*?</details>', re.S)


class PrintError(RuntimeError):
    """The printed book would be wrong (missing image, math, figure or part)."""


@dataclass(frozen=True)
class Part:
    url: str  # from the site root: "" or "chapters/01-x/"
    key: str  # its id in the print page
    title: str
    html: str  # the page's article, as built


def _text(html):
    html = re.sub(r'<a class="headerlink".*?</a>', "", html, flags=re.S)
    return " ".join(unescape(_TAGS.sub("", html)).split())


def book_parts(site_dir):
    """Every page of the site in its navigation's order (the front page's menu)."""
    site = Path(site_dir)
    front = (site / "index.html").read_text(encoding="utf-8")
    urls = []
    for href in re.findall(r'<a href="([^"#][^"]*)"[^>]*class="md-nav__link', front):
        url = posixpath.normpath(unescape(href))
        url = "" if url == "." else url.strip("/") + "/"
        if url not in urls and (site / url / "index.html").is_file():
            urls.append(url)
    if not urls:
        raise PrintError(f"{site / 'index.html'} has no navigation to follow")
    parts = []
    for url in urls:
        page = site / url / "index.html"
        match = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not match:
            raise PrintError(f"{page}: no article to print")
        title = _H1.search(match.group(1))
        key = url.strip("/").replace("/", "-") or "front"
        parts.append(Part(url, key, _text(title.group(1)) if title else key, match.group(1)))
    return parts


def _rewrite(html, part, keys):
    """One page's HTML for its place in the print page: ids prefixed with the part's
    key (they repeat across pages), links between printed pages turned into
    in-document anchors, every other relative URL pointed into the site."""
    prefix = f"{part.key}--"
    html = _ID_ATTR.sub(lambda m: m.group(1) + prefix + m.group(2) + m.group(3), html)

    def fix(match):
        url = match.group(2)
        if not url or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
            return match.group(0)
        if url.startswith("#"):
            return match.group(1) + "#" + prefix + url[1:] + match.group(3)
        path, _, fragment = url.partition("#")
        target = posixpath.normpath(posixpath.join(part.url or ".", path)) if path else part.url
        target = "" if target == "." else target
        page = (target.rstrip("/") + "/") if target else ""
        if page in keys and (path.endswith("/") or not path or posixpath.basename(path) in (".", "..")):
            anchor = keys[page] + (f"--{fragment}" if fragment else "")
            return match.group(1) + "#" + anchor + match.group(3)
        rel = SITE + target + ("/" if path.endswith("/") and target else "")
        return match.group(1) + rel + ("#" + fragment if fragment else "") + match.group(3)

    return _URL_ATTR.sub(fix, html)


def compose(site_dir):
    """The one-page HTML of the whole book, for a folder where ``book/`` is the site."""
    site = Path(site_dir)
    front = (site / "index.html").read_text(encoding="utf-8")
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', front)
    name = re.search(r"<title>(.*?)</title>", front, re.S).group(1).rsplit(" - ", 1)[-1].strip()
    description = re.search(r'<meta name="description" content="([^"]*)"', front)
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', front)
    address = published_base(unescape(canonical.group(1))) if canonical else None
    parts = book_parts(site)
    keys = {p.url: p.key for p in parts}
    body = []
    for part in parts:
        html = part.html
        html = _SNIPPET.sub("", html)  # the embed box is for screens
        html = re.sub(r"<details(?![^>]*\sopen)", "<details open", html)
        body.append(f'<section class="book-print-part md-typeset" id="{escape(part.key)}" '
                    f'data-print-title="{escape(part.title)}">{_rewrite(html, part, keys)}</section>')
    figure = re.search(r'<img class="book-sim__fallback" src="([^"]+)"', "".join(p.html for p in parts[1:]))
    cover_figure = ""
    if figure:
        page = next(p for p in parts[1:] if figure.group(0) in p.html)
        src = SITE + posixpath.normpath(posixpath.join(page.url, figure.group(1)))
        cover_figure = f'<img src="{escape(src)}" alt="">'
    cover = (f'<section class="book-cover md-typeset"><h1 class="book-cover__title">{escape(name)}</h1>'
             f'<p class="book-cover__subtitle">{description.group(1) if description else ""}</p>{cover_figure}'
             + (f'<p class="book-cover__address">Read it online, with the simulations live: {escape(address)}</p>'
                if address else "") + "</section>")
    entries = "".join(f'<li><a href="#{escape(p.key)}">{escape(p.title)}</a>'
                      f'<span class="book-toc__page" data-toc-page="{escape(p.key)}">000</span></li>'
                      for p in parts)
    toc = f'<nav class="book-toc book-print-part md-typeset"><h2>Contents</h2><ol>{entries}</ol></nav>'
    links = "".join(f'<link rel="stylesheet" href="{escape(SITE + s)}">' for s in styles)
    scripts = "".join(f'<script src="{SITE + s}"></script>' for s in SCRIPTS)
    return f"""<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>{escape(name)}</title>
{links}
</head>
<body class="book-print-book" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="deep-orange">
{cover}
{toc}
{"".join(body)}
{scripts}
<script>NeuralOdesBook.typesetMath(document);</script>
</body>
</html>
"""


def pdf_pages_text(pdf):
    """The text of each page of ``pdf`` (pdftotext from poppler-utils)."""
    if not shutil.which("pdftotext"):
        raise PrintError("pdftotext is missing: install poppler-utils (apt-get install poppler-utils)")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def normalized(text):
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _start_pages(pages, titles):
    """1-based page on which each title first heads a page, searching in order."""
    found, start = [], 0
    for title in titles:
        want = normalized(title)
        for index in range(start, len(pages)):
            if normalized(pages[index]).startswith(want):
                found.append(index + 1)
                start = index + 1
                break
        else:
            raise PrintError(f"no page of the printed book starts with {title!r}")
    return found


# Checks and edits of the composed book, run in the page before it prints.
PAGE_SCRIPT = Path(__file__).with_name("print_page.js")



class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder):
    """Serve ``folder`` on a free loopback port (fonts and scripts need http, not file://)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def make_pdf(site_dir, out=DEFAULT_OUT, log=print):
    """Print the built site at ``site_dir`` to ``out``; returns (pages, bytes)."""
    from playwright.sync_api import sync_playwright  # only this command needs a browser

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="book-print-") as tmp:
        folder = Path(tmp)
        (folder / SITE.rstrip("/")).symlink_to(Path(site_dir).resolve(), target_is_directory=True)
        (folder / "index.html").write_text(compose(site_dir), encoding="utf-8")
        server, base = _serve(folder)
        try:
            with sync_playwright() as p:
                launch = {"args": CHROMIUM_ARGS}
                if os.path.exists(CHROMIUM):
                    launch["executable_path"] = CHROMIUM
                browser = p.chromium.launch(**launch)
                page = browser.new_page(color_scheme="light")
                page.emulate_media(media="print")
                page.goto(base, wait_until="load")
                page.add_script_tag(path=str(PAGE_SCRIPT))
                problems = page.evaluate("bookPrint.problems()")
                if problems:
                    raise PrintError("the printed book would be wrong:\n  " + "\n  ".join(problems))
                options = {**PAGE, "print_background": True, "outline": True}
                first = folder / "first.pdf"
                page.pdf(path=str(first), **options)
                titles = page.evaluate("bookPrint.titles()")
                pages_before = pdf_pages_text(first)
                numbers = _start_pages(pages_before, [t for _, t in titles])
                page.evaluate("(pairs) => bookPrint.setPages(pairs)",
                              [[key, n] for (key, _), n in zip(titles, numbers)])
                page.pdf(path=str(out), **options)
                browser.close()
        finally:
            server.shutdown()
    pages = pdf_pages_text(out)
    if len(pages) != len(pages_before) or _start_pages(pages, [t for _, t in titles]) != numbers:
        raise PrintError("the contents' page numbers moved the parts; print again")
    size = out.stat().st_size
    log(f"print: {out} ({len(pages)} pages, {size / 1e6:.1f} MB)")
    return len(pages), size


def build_site(dest):
    """``mkdocs build --strict`` into ``dest`` (SITE_URL from the environment)."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise PrintError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="./book pdf", description="Print the book to PDF.")
    parser.add_argument("--site", help="a built site to print (default: build one now)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="the PDF to write")
    args = parser.parse_args(argv)
    try:
        if args.site:
            make_pdf(args.site, args.out)
        else:
            with tempfile.TemporaryDirectory(prefix="book-site-") as site:
                print("print: building the site", file=sys.stderr)
                build_site(site)
                make_pdf(site, args.out)
    except PrintError as exc:
        sys.exit(f"book pdf: {exc}")


if __name__ == "__main__":
    main()
