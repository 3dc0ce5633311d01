"""The apparatus of one build: bibliography, numbered targets and glossary,
and what each page needs from them. ``BookBuild`` owns one and calls it:

1. ``scan(pages)`` before any page is rendered: numbers every figure, table
   and exercise, records which chapters cite which works, and checks every
   citation and cross-reference (so a broken one stops the build with file:line);
2. ``resolve``, ``figure_caption``, ``table_block`` and ``exercise_html``
   while a page's Markdown is turned into HTML;
3. ``page_html`` on the page's HTML: table captions, the glossary's links, and
   the generated lists of the References and Glossary pages.
"""

from html import escape
from pathlib import Path
import re

from ..blocks.directives import find_blocks, load_yaml
from ..blocks.sim_block import dom_id, parse_sim
from . import citations, fragments, glossary
from .crossrefs import Registry
from .exercises import parse_exercise, render_exercise
from .pages import chapter_number, href

__all__ = ["Apparatus", "BLOCK_KINDS"]

BLOCK_KINDS = ("sim", "quiz", "table", "exercise")  # blocks whose text may cite and refer
REFERENCES_PAGE, GLOSSARY_PAGE = "references.md", "glossary.md"
_TABLE_MARK = re.compile(r"<!-- book-table (\d+) -->\s*<table>")


class Apparatus:
    def __init__(self, docs_dir, directory_urls=True, show_solutions=True):
        self.docs = Path(docs_dir)
        self.directory_urls = directory_urls
        self.show_solutions = show_solutions
        self.registry = Registry()
        self.cited_in = {}  # citation key -> chapter numbers citing it, in order
        self.chapter_titles = {}  # chapter number -> (src_path, title)
        self._table_captions = {}  # src_path -> [caption HTML] in order of the page's tables
        self._bib = self._glossary = None

    # -- data files, read once per build ------------------------------------------------
    @property
    def bibliography(self):
        if self._bib is None:
            path = self.docs / "references.bib"
            self._bib = citations.Bibliography.from_file(path, "references.bib") if path.is_file() else False
        return self._bib or None

    @property
    def glossary(self):
        if self._glossary is None:
            path = self.docs / "glossary.yml"
            self._glossary = glossary.Glossary.from_file(path, "glossary.yml") if path.is_file() else False
        return self._glossary or None

    # -- 1. before any page --------------------------------------------------------------
    def scan(self, pages):
        """``pages``: (src_path, body Markdown, lines before the body, title) of
        every page. Registers all targets first, then checks every page."""
        for src_path, body, offset, title in pages:
            number = chapter_number(src_path)
            if number is not None:
                self.chapter_titles[number] = (src_path, title)
                self.register(src_path, body, offset)
        self.cited_in = {}
        for src_path, body, offset, _ in pages:
            self.check(src_path, body, offset)

    def register(self, src_path, markdown, offset=0):
        """Number a chapter's figures, tables and exercises."""
        chapter = chapter_number(src_path)
        if chapter is None:
            return
        items, seen = [], {}
        for block in find_blocks(markdown, ("sim", "table", "exercise"), src_path, offset):
            if block.kind == "sim":
                spec = parse_sim(block)
                index = seen.get(spec.id, 0)
                seen[spec.id] = index + 1
                items.append(("fig", spec.figure_label, dom_id(spec.id, index), block.line))
            elif block.kind == "table":
                data, _ = load_yaml(block)
                label = str(data.get("label") or data.get("id"))
                items.append(("tab", label, f"tab-{label}", block.line))
            else:
                spec = parse_exercise(block, chapter)
                items.append(("ex", spec.id, spec.anchor, block.line))
        self.registry.add_page(src_path, chapter, items)

    def check(self, src_path, markdown, offset=0):
        """Every citation and cross-reference of a page (prose and blocks) must
        resolve; records which chapters cite which works."""
        chapter = chapter_number(src_path)
        lines = markdown.split("\n")
        cursor, parts = 0, []
        for block in find_blocks(markdown, BLOCK_KINDS, src_path, offset):
            parts.append(("\n".join(lines[cursor:block.start]), offset + cursor + 1))
            parts.append((block.body, block.line + 1))
            cursor = block.end
        parts.append(("\n".join(lines[cursor:]), offset + cursor + 1))
        for text, first_line in parts:
            citations.check_citations(text, src_path, first_line, self.bibliography)
            self.registry.check(text, src_path, first_line)
            for key in citations.cited_keys(text):
                where = self.cited_in.setdefault(key, [])
                if chapter is not None and chapter not in where:
                    where.append(chapter)

    # -- 2. while rendering a page's Markdown -------------------------------------------
    def start_page(self, src_path, markdown, offset=0):
        """Before a page's Markdown is rendered (again, under ``mkdocs serve``)."""
        self._table_captions[src_path] = []
        if chapter_number(src_path) is not None and src_path not in self.registry.pages:
            self.register(src_path, markdown, offset)  # rendered without a scan: a test, one page

    def resolve(self, markdown, src_path, first_line):
        """Citations and cross-references of ``markdown`` as inline HTML links."""
        bib = self.bibliography
        out = citations.render_citations(markdown, src_path, first_line, bib, lambda ref: self._href(
            REFERENCES_PAGE, ref.anchor, src_path))
        return self.registry.render(out, src_path, first_line, lambda t: self._href(t.src_path, t.anchor, src_path))

    def _href(self, target_src, anchor, from_src):
        return href(target_src, anchor, from_src, self.directory_urls)

    def _inline(self, text, src_path, line):
        return fragments.inline_html(self.resolve(text, src_path, line))

    def figure_caption(self, spec, src_path, ordinal, line):
        """The figcaption of a page's ``ordinal``-th simulation: "Figure 3.2."
        (in a chapter), the caption, then what to try and notice."""
        target = self.registry.on_page(src_path, "fig", ordinal)
        number = f'<span class="book-figure-number">{target.text}.</span> ' if target else ""
        return (f'{number}<span class="book-sim__caption-text">{self._inline(spec.caption, src_path, line)}</span> '
                f'<span class="book-sim__try">{self._inline(spec.try_text, src_path, line)}</span>')

    def table_block(self, block, src_path, ordinal, table_markdown):
        """A table block's Markdown table, preceded by a marker that
        ``page_html`` turns into the table's id and numbered caption."""
        data, lines = load_yaml(block)
        caption = data.get("caption", "")
        if not isinstance(caption, str):
            raise block.error("'caption' must be text", lines.get(("caption",)))
        target = self.registry.on_page(src_path, "tab", ordinal)
        label = str(data.get("label") or data.get("id"))
        number = f'<span class="book-table-number">{target.text}.</span> ' if target else ""
        text = self._inline(caption, src_path, block.line) if caption.strip() else ""
        self._table_captions.setdefault(src_path, []).append((target.anchor if target else f"tab-{label}", number + text))
        return f"<!-- book-table {ordinal} -->\n\n{table_markdown}"

    def exercise_html(self, block, src_path):
        spec = parse_exercise(block, chapter_number(src_path))
        return render_exercise(spec, lambda md: fragments.block_html(self.resolve(md, src_path, block.line)),
                               self.show_solutions)

    # -- 3. on a page's HTML ----------------------------------------------------------------
    def page_html(self, html, src_path):
        """Table captions; on chapters, glossary links; on the References and
        Glossary pages, their generated lists (in place of their markers)."""
        captions = self._table_captions.get(src_path, [])

        def caption(match):
            n = int(match.group(1))
            if n >= len(captions):
                return match.group(0)
            anchor, text = captions[n]
            inner = f"<caption>{text}</caption>" if text else ""
            # No class: Material styles only tables without one (table:not([class])).
            return f'<table id="{escape(anchor)}">{inner}'
        html = _TABLE_MARK.sub(caption, html)
        if chapter_number(src_path) is not None and self.glossary:
            html = self.glossary.link_first_uses(html, lambda term: self._href(GLOSSARY_PAGE, term.anchor, src_path))
        if citations.MARKER in html:
            html = html.replace(citations.MARKER, self.references_list(src_path))
        if glossary.MARKER in html:
            html = html.replace(glossary.MARKER, self.glossary.page_html() if self.glossary else "")
        return html

    def references_list(self, src_path):
        bib = self.bibliography
        if bib is None:
            return ""

        def chapter_link(number):
            target, title = self.chapter_titles[number]
            return self._href(target, "", src_path).rstrip("#"), title
        return citations.references_html(bib, self.cited_in, chapter_link)
