"""The apparatus of one build: the bibliography and the exercises, and what
each page needs from them. ``BookBuild`` owns one and calls it:

1. ``scan(pages)`` before any page is rendered: records which chapters cite
   which works and checks every citation and exercise (so a broken one stops
   the build with file:line);
2. ``resolve`` and ``exercise_html`` while a page's Markdown is turned into HTML;
3. ``page_html`` on the page's HTML: the generated list of the References page.
"""

from pathlib import Path

from ..blocks import DirectiveError, find_blocks
from . import citations, fragments
from .exercises import parse_exercise, render_exercise
from .pages import chapter_number, href

__all__ = ["Apparatus", "BLOCK_KINDS"]

BLOCK_KINDS = ("sim", "quiz", "table", "exercise")  # blocks whose text may cite
REFERENCES_PAGE = "references.md"


class Apparatus:
    def __init__(self, docs_dir, directory_urls=True, show_solutions=True):
        self.docs = Path(docs_dir)
        self.directory_urls = directory_urls
        self.show_solutions = show_solutions
        self.cited_in = {}  # citation key -> chapter numbers citing it, in order
        self.chapter_titles = {}  # chapter number -> (src_path, title)
        self._bib = None

    # -- data files, read once per build ------------------------------------------------
    @property
    def bibliography(self):
        if self._bib is None:
            path = self.docs / "references.bib"
            self._bib = citations.Bibliography.from_file(path, "references.bib") if path.is_file() else False
        return self._bib or None

    # -- 1. before any page --------------------------------------------------------------
    def scan(self, pages):
        """``pages``: (src_path, body Markdown, lines before the body, title) of
        every page. Checks every page's citations and exercises."""
        for src_path, body, offset, title in pages:
            number = chapter_number(src_path)
            if number is not None:
                self.chapter_titles[number] = (src_path, title)
                seen = {}  # exercise id -> where it was first defined
                for block in find_blocks(body, ("exercise",), src_path, offset):
                    spec = parse_exercise(block, number)
                    if spec.id in seen:
                        raise DirectiveError(src_path, block.line, f"exercise label {spec.id!r} is already used "
                                             f"at {seen[spec.id]}")
                    seen[spec.id] = f"{src_path}:{block.line}"
        self.cited_in = {}
        for src_path, body, offset, _ in pages:
            self.check(src_path, body, offset)

    def check(self, src_path, markdown, offset=0):
        """Every citation of a page (prose and blocks) must resolve; records
        which chapters cite which works."""
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
            for key in citations.cited_keys(text):
                where = self.cited_in.setdefault(key, [])
                if chapter is not None and chapter not in where:
                    where.append(chapter)

    # -- 2. while rendering a page's Markdown -------------------------------------------
    def resolve(self, markdown, src_path, first_line):
        """The citations of ``markdown`` as inline HTML links."""
        return citations.render_citations(markdown, src_path, first_line, self.bibliography, lambda ref: self._href(
            REFERENCES_PAGE, ref.anchor, src_path))

    def _href(self, target_src, anchor, from_src):
        return href(target_src, anchor, from_src, self.directory_urls)

    def exercise_html(self, block, src_path):
        spec = parse_exercise(block, chapter_number(src_path))
        return render_exercise(spec, lambda md: fragments.block_html(self.resolve(md, src_path, block.line)),
                               self.show_solutions)

    # -- 3. on a page's HTML ----------------------------------------------------------------
    def page_html(self, html, src_path):
        """On the References page, its generated list (in place of its marker)."""
        if citations.MARKER in html:
            html = html.replace(citations.MARKER, self.references_list(src_path))
        return html

    def references_list(self, src_path):
        bib = self.bibliography
        if bib is None:
            return ""

        def chapter_link(number):
            target, title = self.chapter_titles[number]
            return self._href(target, "", src_path).rstrip("#"), title
        return citations.references_html(bib, self.cited_in, chapter_link)
