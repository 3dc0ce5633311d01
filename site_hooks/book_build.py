"""One build of the book: turns the book's blocks into HTML and adds the
generated assets to the site. Plain Python; ``book_hooks.py`` only calls it,
so the book could move to another generator without rewriting this.
"""

from collections import Counter
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
import os
import posixpath
import re

import yaml

from neural_odes import sims
from neural_odes.sims import trained_models

from .apparatus.book_apparatus import Apparatus
from .apparatus.pages import chapter_number, relative_url
from .blocks.directives import find_blocks
from .figures.store import FigureStore
from .vendoring.frontend import characters_in, vendor_frontend
from .embed.pages import EmbedPages
from .theme.instant_sitemap import site_map_js
from .offline.file_copy import write_offline_files
from .figures import scene_style
from .figures.palette import palette_css
from .printing.sections import answer_key, footnote_links
from .js_template import fill
from . import runtime_manifest as manifest
from .blocks.printed_block import render_table, substitute_numbers
from .blocks.quiz_block import parse_quiz, render_quiz
from .offline.service_worker import write_service_worker
from .blocks.sim_block import check_scene, parse_sim, render_sim
from .vendoring.runtime import install_runtime, prepare_runtime

__all__ = ["BookBuild", "Chapter", "chapter_number", "relative_url"]

KINDS = ("sim", "quiz", "table", "exercise")
MANIFEST_TEMPLATE = Path(__file__).with_name("manifest_template.js")
EARLY_START_TEMPLATE = Path(__file__).with_name("early_start_template.js")
_PLACEHOLDER = re.compile(r"<!-- book-block (\d+) -->")
CARDS_MARKER = "<!-- book-chapter-cards -->"  # where the front page lists the chapters


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    summary: str
    src_path: str
    sims: tuple


class BookBuild:
    def __init__(self, project_root, cache_dir=None, docs_dir=None, show_solutions=True):
        self.root = Path(project_root)
        self.cache_dir = Path(cache_dir) if cache_dir else self.root / ".cache"
        # The models read their training cache from here (neural_odes.sims.trained_models).
        os.environ.setdefault(trained_models.CACHE_ENV, str(self.cache_dir / "trained"))
        self.trained = set()  # trained models the pages' simulations use
        self.docs_dir = Path(docs_dir) if docs_dir else self.root / "docs"
        self.show_solutions = show_solutions  # False: exercises without solutions (BOOK_SOLUTIONS=hide)
        self.figures = FigureStore(self.cache_dir / "figures")
        self.chapters = []
        self._html = {}  # src_path -> list of rendered blocks for on_page_content
        self._quizzes = {}  # src_path -> its QuizSpecs, for the printed answer key
        self.page_urls = set()
        # Set by the hooks from the build's configuration.
        self.site_url = "http://127.0.0.1:8000/"
        self.directory_urls = True
        self.offline = False  # the file:// copy (site_hooks/offline/file_copy.py)
        self.service_worker = True  # off under `mkdocs serve`
        self.embeds = EmbedPages()
        self._runtime = None  # the prepared Pyodide runtime (site_hooks/vendoring/runtime.py)
        self.log = lambda message: None  # the hooks pass MkDocs' logger
        self._apparatus = None

    @property
    def apparatus(self):
        """Citations, numbered figures and glossary (made when first needed,
        once the hooks have set ``directory_urls``)."""
        if self._apparatus is None:
            self._apparatus = Apparatus(self.docs_dir, self.directory_urls, self.show_solutions)
        return self._apparatus

    # -- before pages: what the front page counts --------------------------------
    def scan(self, sources):
        """``sources`` maps every page's src_path to its Markdown. Counts come
        from the same block parser the pages use, so they cannot disagree."""
        chapters, pages = [], []
        for src_path, text in sorted(sources.items()):
            meta, body, offset = split_front_matter(text)
            title = next((l[2:].strip() for l in body.split("\n") if l.startswith("# ")), src_path)
            pages.append((src_path, body, offset, title))
            number = chapter_number(src_path)
            if number is None:
                continue
            sim_ids = tuple(parse_sim(b).id for b in find_blocks(body, ("sim",), src_path, offset))
            chapters.append(Chapter(number, title, meta.get("summary", ""), src_path, sim_ids))
        self.chapters = chapters
        self.apparatus.scan(pages)

    @property
    def values(self):
        """Values the prose may print as ``{{ book.<name> }}``."""
        return {"chapters": len(self.chapters),
                "simulations": sum(len(c.sims) for c in self.chapters),
                "assumed": 0}

    # -- each page ------------------------------------------------------------------
    def page_markdown(self, markdown, src_path, line_offset=0):
        """Replace blocks with placeholders (sims, quizzes) or Markdown (tables).
        ``line_offset``: file lines before ``markdown`` (the front matter)."""
        lines = markdown.split("\n")
        rendered, out, cursor = [], [], 0
        counts, seen = Counter(), Counter()  # blocks of each kind so far; sims of each id so far
        quizzes = self._quizzes[src_path] = []  # for the printed answer key
        chapter = chapter_number(src_path)
        apparatus = self.apparatus
        apparatus.start_page(src_path, markdown, line_offset)

        def prose(text, first_line):
            text = substitute_numbers(text, src_path, {"book": self.values}, first_line=first_line)
            return apparatus.resolve(text, src_path, first_line)  # citations, cross-references

        for block in find_blocks(markdown, KINDS, src_path, line_offset):
            out.append(prose("\n".join(lines[cursor:block.start]), line_offset + cursor + 1))
            # Computed numbers may appear inside blocks too (a quiz's options, a caption).
            block = replace(block, body=substitute_numbers(block.body, src_path, {"book": self.values},
                                                           first_line=block.line + 1))
            apparatus.check(src_path, block.body, block.line)  # exact lines for a broken citation
            if block.kind == "table":
                out.append(apparatus.table_block(block, src_path, counts["table"], render_table(block)))
            else:
                out.append(f"\n<!-- book-block {len(rendered)} -->\n")
                rendered.append(self._render_block(block, src_path, chapter, counts["sim"], seen, quizzes))
            counts[block.kind] += 1
            cursor = block.end
        out.append(prose("\n".join(lines[cursor:]), line_offset + cursor + 1))
        self._html[src_path] = rendered
        return "\n".join(out)

    def _render_block(self, block, src_path, chapter, ordinal, seen, quizzes):
        """A lazily rendered block; ``ordinal`` counts the sims before it on the page."""
        apparatus = self.apparatus
        if block.kind == "quiz":
            spec = parse_quiz(block, chapter)
            fix = lambda text: apparatus.resolve(text, src_path, block.line)  # noqa: E731
            spec = replace(spec, question=fix(spec.question),
                           options=tuple((fix(t), right, fix(why)) for t, right, why in spec.options))
            quizzes.append(spec)
            html = render_quiz(spec)
            return lambda page_url: html
        if block.kind == "exercise":
            html = apparatus.exercise_html(block, src_path)
            return lambda page_url: html
        spec = parse_sim(block)
        caption = apparatus.figure_caption(spec, src_path, ordinal, block.line)
        index = seen[spec.id]  # DOM ids stay sim-<id> unless an id repeats on the page
        seen[spec.id] += 1
        try:
            scene = sims.run(spec.id, spec.defaults)
        except ValueError as exc:
            raise block.error(f"simulation {spec.id!r} rejects its default controls: {exc}") from None
        check_scene(spec, block, scene)
        self.trained.update(sims.trained(spec.id))
        figure = self.figures.add(spec.id, scene)
        def html(page_url):
            src = {"src": relative_url(figure["light"], page_url),
                   "src_dark": relative_url(figure["dark"], page_url),
                   "width": figure["width"], "height": figure["height"]}
            out = render_sim(spec, scene, src, index, caption, trained=sims.trained(spec.id))
            self.embeds.add_sim(spec, page_url, out)
            return out
        return html

    @property
    def runtime(self):
        """The Pyodide runtime the site ships, prepared once per build (the pages'
        hints name its files before post_build copies them)."""
        if self._runtime is None:
            self._runtime = prepare_runtime(project_root=self.root,
                                            cache_dir=self.cache_dir / f"pyodide-{manifest.pyodide_version()}",
                                            log=self.log)
        return self._runtime

    def page_head(self, output, page_url):
        """A page with a simulation asks for the runtime's files as soon as its head
        is parsed, so they download while the page itself loads. ``rel=prefetch``
        rather than ``preload``: the worker, not the page, uses them, and they reach
        it through the HTTP cache (a page's preloads serve only the page itself, and
        Chromium warns about every one it does not use); a prefetch also keeps its
        low priority, after the text's own styles, scripts and fonts. The offline
        copy loads its runtime from data scripts and gets none."""
        if self.offline or "data-sim=" not in output or "</head>" not in output:
            return output
        names = sorted(set(re.findall(r'data-trained="([^"]*)"', output)))
        trained = sorted({n for group in names for n in group.split()})
        targets = [manifest.WORKER_SCRIPT]
        targets += [f"{manifest.RUNTIME_DIR}/{f}" for f in self.runtime.prefetches]
        targets += [manifest.trained_file(n) for n in trained]
        links = "".join(f'<link rel="prefetch" href="{escape(relative_url(t, page_url))}">' for t in targets)
        return self._early_start(output.replace("</head>", links + "</head>", 1), page_url)

    def _early_start(self, output, page_url):
        """The script that starts the runtime while the page loads, just after the
        article, once its simulations are parsed (see early_start_template.js).
        Outside the article, so print and embeds, which take the article, never
        carry it."""
        end = output.find("</article>")
        if end < 0:
            return output
        end += len("</article>")
        script = fill(EARLY_START_TEMPLATE, MANIFEST=manifest.browser_manifest(),
                      ASSETS=relative_url("assets/", page_url))
        return f"{output[:end]}<script>{script}</script>{output[end:]}"

    def page_html(self, html, src_path, page_url):
        self.page_urls.add(page_url)
        rendered = self._html.get(src_path, [])
        # Before the blocks go in: the glossary links running text, not widgets.
        html = self.apparatus.page_html(html, src_path)
        html = _PLACEHOLDER.sub(lambda m: rendered[int(m.group(1))](page_url), html)
        html = html.replace(CARDS_MARKER, self.chapter_cards(page_url))
        # For paper: the quizzes' answers and the addresses of external links (print.css).
        html = footnote_links(html + answer_key(self._quizzes.get(src_path, [])), self.site_url)
        chapter = next((c for c in self.chapters if c.src_path == src_path), None)
        if chapter and not self.offline:
            slug = posixpath.basename(src_path)[:-3]
            self.embeds.add_chapter(slug, page_url, chapter.title, html)
            html += self.embeds.snippet(self.site_url, slug, chapter.title, chapter.sims)
        return html

    def chapter_cards(self, page_url):
        """The front page's card per chapter (links relative to ``page_url``)."""
        cards = []
        for c in self.chapters:
            target = c.src_path[:-3] + ("/" if self.directory_urls else ".html")
            href = relative_url(target, page_url)
            sims_note = ", ".join(f"<code>{escape(s)}</code>" for s in c.sims) or "no simulation yet"
            cards.append(
                f'<li class="book-card"><a href="{escape(href)}"><span class="book-card__number">'
                f'Chapter {c.number}</span><span class="book-card__title">{escape(_unnumbered(c.title))}</span>'
                f'<span class="book-card__summary">{escape(c.summary)}</span>'
                f'<span class="book-card__sims">Live: {sims_note}</span></a></li>')
        return f'<ul class="book-cards">{"".join(cards)}</ul>'

    # -- after all pages --------------------------------------------------------------
    def post_build(self, site_dir, log):
        site = Path(site_dir)
        self.figures.copy_to(site)
        (site / "assets" / "book").mkdir(parents=True, exist_ok=True)
        (site / "assets" / "book" / "palette.css").write_text(palette_css())
        (site / manifest.SCENE_STYLE_CSS).write_text(scene_style.scene_style_css())
        (site / manifest.SCENE_STYLE_SCRIPT).write_text(scene_style.scene_style_js())
        (site / "assets" / "book" / "js" / "site-map.js").write_text(site_map_js(self.page_urls))
        (site / manifest.MANIFEST_SCRIPT).write_text(fill(MANIFEST_TEMPLATE, MANIFEST=manifest.browser_manifest()))
        vendor_frontend(self.root, site / "assets" / "vendor", characters=self._characters(site))
        install_runtime(self.runtime, site / manifest.RUNTIME_DIR, log=log)
        self._ship_trained(site / manifest.TRAINED_DIR)
        if self.offline:
            write_offline_files(site, log=log)
        else:
            self.embeds.write(site, log=log)
        # Last: the service worker's manifest lists every file written above.
        write_service_worker(site, project_root=self.root, enabled=self.service_worker and not self.offline,
                             log=log)

    def _characters(self, site):
        """What the book can show in its fonts (a superset): the pages, the
        runtime's messages and the models' scene labels, drawn on canvases."""
        return characters_in([*site.rglob("*.html"), *(site / "assets" / "book" / "js").glob("*.js"),
                              *(self.root / "py" / "neural_odes").rglob("*.py")])

    def _ship_trained(self, dest):
        """Parameters of the trained models the pages used, for the worker to load
        (each simulation's root names those it needs in ``data-trained``)."""
        dest.mkdir(parents=True, exist_ok=True)
        names = sorted(self.trained)
        for old in dest.iterdir():
            if old.suffix != ".json" or old.stem not in names:
                old.unlink()
        for name in names:
            (dest / f"{name}.json").write_text(trained_models.export_json(name))


def _unnumbered(title):
    """"3. The solver does the layers" -> "The solver does the layers" (the card says Chapter 3)."""
    return re.sub(r"^\d+\.\s*", "", title)


def split_front_matter(text):
    """(meta, body, number of lines before body) of a page's source, as MkDocs
    splits it, so errors can name the line in the file."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in ("---", "..."):
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
                body = "\n".join(lines[end + 1:])
                blank = len(body) - len(body.lstrip("\n"))  # MkDocs drops these too
                return meta, body[blank:], end + 1 + blank
    return {}, text, 0
