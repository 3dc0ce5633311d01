"""Citations: ``[@chen2018neural]`` and ``[@a; @b]`` in Markdown become
author-year links, "(Chen et al., 2018; Dupont et al., 2019)", to the entries
of one generated References page; the bibliography is ``docs/references.bib``.

Parsing and formatting use pybtex (pinned in requirements.txt): a maintained
BibTeX implementation that reads the file as BibTeX does (braces, LaTeX
accents, names such as "E, Weinan") and formats entries with a template
language, here in one author-year style. mkdocs-bibtex, which wraps pybtex for
MkDocs, was not used: it renders each page's citations as that page's
footnotes, whereas the book wants one References page, author-year links, a
hover with the full reference, and a list of the chapters citing each work.

An optional locator follows a key: ``[@chen2018neural, Fig. 3]``. Works by the
same authors in the same year are told apart as 2023a, 2023b.
"""

from dataclasses import dataclass
import difflib
from html import escape
import re
import unicodedata

from pybtex.database import parse_string
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.formatting.unsrt import Style as _Unsrt
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, join, names, optional, optional_field, sentence, tag, words
from pybtex.exceptions import PybtexError

from ..blocks.directives import DirectiveError
from . import prose

__all__ = ["Bibliography", "Reference", "CITATION", "cited_keys", "check_citations",
           "render_citations", "references_html", "MARKER"]

MARKER = "<!-- book-references -->"  # where the References page lists the works
# [@key] or [@key, locator] or several joined by ";". Not a Markdown link [@x](url).
_KEY = r"@([A-Za-z0-9_][\w:.-]*)"
_ITEM = _KEY + r"(?:\s*,\s*([^;\]\[]+?))?"
CITATION = re.compile(r"\[\s*(" + _ITEM + r"(?:\s*;\s*" + _ITEM + r")*)\s*\](?!\()")
_ONE = re.compile(r"\s*@([A-Za-z0-9_][\w:.-]*)\s*(?:,\s*(.*?))?\s*$", re.S)
# Fields each kind of entry must have to be a complete reference.
_REQUIRED = {
    "article": ("author", "title", "journal", "year", "volume"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "book": ("author", "title", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")


@dataclass(frozen=True)
class Reference:
    key: str
    label: str  # "Chen et al., 2018": the in-text citation
    html: str  # the full reference, for the References page
    text: str  # the same as plain text, for a hover title
    sort_key: tuple
    anchor: str  # id of its entry on the References page


class _AuthorYear(_Unsrt):
    """pybtex's unsrt templates, reordered author-year: "Chen, R. T. Q., ...,
    & Duvenaud, D. (2018). Title. In *Venue*, volume 31. Publisher. arXiv:..."."""

    default_name_style = "lastfirst"
    default_sorting_style = "none"

    def __init__(self, suffixes):
        super().__init__(abbreviate_names=True)
        self.suffixes = suffixes  # key -> "a", "b" for same authors and year

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=", & ", last_sep=", & ")
        return sentence[formatted] if as_sentence else formatted

    def _head(self, e):
        year = join["(", field("year"), self.suffixes.get(e.key, ""), ")"]
        return sentence[words[self.format_names("author", as_sentence=False), year]]

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)  # as published: no change of case
        return sentence[title] if as_sentence else title

    def get_article_template(self, e):
        volume = join[field("volume"), optional["(", field("number"), ")"]]
        return self._toplevel(e, self.format_title(e, "title"),
                              sentence[tag("em")[field("journal")], volume, optional[field("pages", apply_func=_dash)]])

    def get_inproceedings_template(self, e):
        return self._toplevel(e, self.format_title(e, "title"),
                              words["In", sentence[tag("em")[field("booktitle")],
                                                   self.format_volume_and_series(e, as_sentence=False),
                                                   optional[words["pp.", field("pages", apply_func=_dash)]]]],
                              sentence[optional_field("publisher")])

    def get_book_template(self, e):
        return self._toplevel(e, self.format_btitle(e, "title"),
                              sentence[optional[words[field("edition"), "edition"]],
                                       self.format_volume_and_series(e, as_sentence=False)],
                              sentence[field("publisher"), optional[field("address")]])

    def get_phdthesis_template(self, e):
        return self._toplevel(e, self.format_btitle(e, "title"),
                              sentence["PhD thesis", field("school")])

    def _toplevel(self, e, *parts):
        return toplevel[self._head(e), *parts, sentence[optional[field("note")]], self.format_web_refs(e)]


def _dash(text):
    return Text("–").join(re.split(r"-+", str(text))) if "-" in str(text) else text


def _plain(latex):
    return str(Text.from_latex(latex))


def _fold(text):
    """Sort key for names with accents: "Peyré" next to "Peyre"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class Bibliography:
    """The entries of one BibTeX file, checked for completeness, each with its
    in-text label and formatted reference. ``path`` is only used in errors."""

    def __init__(self, text, path="references.bib"):
        self.path = path
        self._text = text
        try:
            data = parse_string(text, "bibtex")
        except PybtexSyntaxError as exc:
            raise DirectiveError(path, getattr(exc, "lineno", 1) or 1, f"BibTeX syntax error: {exc}") from None
        except PybtexError as exc:
            raise DirectiveError(path, 1, f"BibTeX error: {exc}") from None
        entries = data.entries
        for key, entry in entries.items():
            self._check(key, entry)
        names = {key: self._names(entry) for key, entry in entries.items()}
        # Same author label and year: a, b, ... in order of title.
        groups = {}
        for key, entry in entries.items():
            groups.setdefault((names[key], entry.fields["year"]), []).append(key)
        suffixes = {}
        for keys in groups.values():
            if len(keys) > 1:
                for n, key in enumerate(sorted(keys, key=lambda k: _fold(_plain(entries[k].fields["title"])))):
                    suffixes[key] = "abcdefghijklmnopqrstuvwxyz"[n]
        style = _AuthorYear(suffixes)
        self.entries = {}
        for key, entry in entries.items():
            text = style.format_entry(key, entry).text
            year = entry.fields["year"] + suffixes.get(key, "")
            authors = tuple(_fold(_plain(" ".join(p.prelast_names + p.last_names))) for p in entry.persons["author"])
            self.entries[key] = Reference(
                key=key, label=f"{names[key]}, {year}", html=text.render_as("html"),
                text=" ".join(text.render_as("text").split()),
                sort_key=(authors, year, _fold(_plain(entry.fields["title"]))), anchor=f"ref-{key}")

    @classmethod
    def from_file(cls, path, shown_path=None):
        return cls(open(path, encoding="utf-8").read(), shown_path or str(path))

    def _line(self, key):
        match = re.search(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,", self._text)
        return self._text.count("\n", 0, match.start()) + 1 if match else 1

    def _check(self, key, entry):
        fail = lambda reason: DirectiveError(self.path, self._line(key), f"entry {key!r}: {reason}")  # noqa: E731
        required = _REQUIRED.get(entry.type)
        if required is None:
            raise fail(f"entry type @{entry.type} is not one the book formats ({', '.join('@' + t for t in _REQUIRED)})")
        missing = [f for f in required if f not in entry.fields and f not in entry.persons]
        if missing:
            raise fail(f"missing {', '.join(missing)}")
        doi, eprint = entry.fields.get("doi"), entry.fields.get("eprint")
        if not doi and not eprint:
            raise fail("needs a 'doi' or an arXiv 'eprint' (every reference links to its source)")
        if doi and not _DOI.match(doi):
            raise fail(f"'doi' should look like 10.1000/xyz, got {doi!r}")
        if eprint and not _ARXIV.match(eprint):
            raise fail(f"'eprint' should be an arXiv id such as 1806.07366, got {eprint!r}")

    @staticmethod
    def _names(entry):
        """The author part of the in-text label: "Chen et al.", "Dormand & Prince", "E"."""
        last = [_plain(" ".join(p.prelast_names + p.last_names)) for p in entry.persons["author"]]
        if len(last) == 1:
            return last[0]
        if len(last) == 2:
            return f"{last[0]} & {last[1]}"
        return f"{last[0]} et al."

    def __contains__(self, key):
        return key in self.entries

    def __getitem__(self, key):
        return self.entries[key]

    def unknown(self, key, path, line):
        close = difflib.get_close_matches(key, self.entries, n=1)
        hint = f" (did you mean @{close[0]}?)" if close else f" (add it to {self.path})"
        return DirectiveError(path, line, f"unknown citation key @{key}{hint}")


def _items(match):
    """[(key, locator)] of one citation: "@a, p. 3; @b" -> [("a", "p. 3"), ("b", "")]."""
    items = [_ONE.match(part) for part in match.group(1).split(";")]
    return [(m.group(1), " ".join((m.group(2) or "").split())) for m in items]


def cited_keys(markdown):
    """Every key cited in ``markdown`` (outside code), in order, with repeats."""
    return [key for m in prose.prose_matches(CITATION, markdown) for key, _ in _items(m)]


def check_citations(markdown, path, first_line, bibliography):
    """Raise a DirectiveError (file:line) for the first unknown key."""
    for match in prose.prose_matches(CITATION, markdown):
        for key, _ in _items(match):
            if bibliography is None or key not in bibliography:
                line = first_line + markdown.count("\n", 0, match.start())
                if bibliography is None:
                    raise DirectiveError(path, line, f"citation @{key} but the book has no bibliography (references.bib)")
                raise bibliography.unknown(key, path, line)


def render_citations(markdown, path, first_line, bibliography, link_for):
    """``markdown`` with each citation replaced by linked author-year labels.
    ``link_for(reference)`` is the href of its entry on the References page."""
    def replace(match, line):
        parts = []
        for key, locator in _items(match):
            if bibliography is None or key not in bibliography:
                raise (bibliography.unknown(key, path, line) if bibliography else
                       DirectiveError(path, line, f"citation @{key} but the book has no bibliography"))
            ref = bibliography[key]
            link = (f'<a class="book-cite" href="{escape(link_for(ref))}" title="{escape(ref.text)}">'
                    f'{escape(ref.label)}</a>')
            parts.append(link + (f", {escape(locator)}" if locator else ""))
        return f'<span class="book-cites">({"; ".join(parts)})</span>'
    return prose.substitute(CITATION, markdown, replace, first_line)


def references_html(bibliography, cited_in, chapter_link):
    """The References page's list: every cited work, sorted by author, year and
    title, with its DOI or arXiv link and the chapters citing it.
    ``cited_in`` maps a key to the chapter numbers citing it (in order);
    ``chapter_link(number)`` is (href, title) of a chapter."""
    items = []
    for ref in sorted((bibliography[k] for k in cited_in if k in bibliography), key=lambda r: r.sort_key):
        chapters = []
        for number in cited_in[ref.key]:
            url, title = chapter_link(number)
            chapters.append(f'<a href="{escape(url)}" title="{escape(title)}">Chapter {number}</a>')
        back = (f'<span class="book-ref__cited">Cited in {", ".join(chapters)}.</span>' if chapters else "")
        items.append(f'<li class="book-ref" id="{escape(ref.anchor)}">{ref.html} {back}</li>')
    return f'<ul class="book-references">{"".join(items)}</ul>'
