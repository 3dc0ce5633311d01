"""The glossary: terms as data in ``docs/glossary.yml``, listed alphabetically
on the Glossary page, and linked where a chapter first uses them.

Each entry of the YAML list::

    - term: Jacobian
      aliases: [Jacobians, Jacobian matrix]   # other spellings that count as a use
      definition: The matrix of all first partial derivatives ...

Definitions are plain text (Unicode symbols, no $math$): they are also the
hover text of the links. In a chapter, the first use of a term in running text
(paragraphs and list items; not headings, code, math, links, or the book's
widgets) becomes a link to its entry with the definition as its title.
"""

from dataclasses import dataclass
from html import escape
import re
import unicodedata

import yaml

from ..blocks.directives import DirectiveError

__all__ = ["Term", "Glossary", "MARKER"]

MARKER = "<!-- book-glossary -->"  # where the Glossary page lists the terms
_KEYS = {"term", "aliases", "definition"}
# Elements whose text is never linked, and those whose text may be.
_SKIP = {"a", "code", "pre", "kbd", "samp", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6",
         "summary", "button", "label", "abbr", "sup", "sub", "svg", "math", "figcaption", "dt",
         "textarea", "select", "option", "title", "caption", "th"}
_RUNNING = {"p", "li"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([A-Za-z][\w-]*)([^>]*?)(/)?\s*>", re.S)


@dataclass(frozen=True)
class Term:
    name: str
    definition: str
    aliases: tuple
    anchor: str


def slug(text):
    ascii_ = unicodedata.normalize("NFKD", re.sub(r"[\u2010-\u2015]", "-", text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


class Glossary:
    def __init__(self, text, path="glossary.yml"):
        self.path = path
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DirectiveError(path, mark.line + 1 if mark else 1, f"malformed YAML: {exc}") from None
        if not isinstance(data, list):
            raise DirectiveError(path, 1, "expected a list of entries, each '- term: ...' with a 'definition'")
        self.terms, seen = [], {}
        for n, entry in enumerate(data):
            line = node.value[n].start_mark.line + 1
            fail = lambda reason: DirectiveError(path, line, reason)  # noqa: E731
            if not isinstance(entry, dict) or set(entry) - _KEYS:
                raise fail(f"an entry has the keys {', '.join(sorted(_KEYS))}")
            name, definition = entry.get("term"), entry.get("definition")
            aliases = entry.get("aliases") or []
            if not isinstance(name, str) or not name.strip():
                raise fail("missing 'term'")
            if not isinstance(definition, str) or not definition.strip():
                raise fail(f"term {name!r}: missing 'definition'")
            if "$" in definition:
                raise fail(f"term {name!r}: write the definition without $math$ (it is also hover text); "
                           f"use Unicode symbols such as ∂, ∇, ‖·‖")
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                raise fail(f"term {name!r}: 'aliases' is a list of phrases")
            for phrase in [name, *aliases]:
                key = phrase.strip().lower()
                if key in seen:
                    raise fail(f"the phrase {phrase!r} already belongs to the term {seen[key]!r}")
                seen[key] = name
            self.terms.append(Term(name.strip(), " ".join(definition.split()),
                                   tuple(a.strip() for a in aliases), f"term-{slug(name)}"))
        self._by_phrase = {phrase.lower(): term for term in self.terms for phrase in (term.name, *term.aliases)}
        # Longest phrases first, so "Neural ODE" wins over "ODE".
        phrases = sorted(self._by_phrase, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])",
                                   re.I) if phrases else None

    @classmethod
    def from_file(cls, path, shown_path=None):
        return cls(open(path, encoding="utf-8").read(), shown_path or str(path))

    def sorted_terms(self):
        return sorted(self.terms, key=lambda t: slug(t.name))

    def page_html(self):
        """The Glossary page's list: every term, alphabetically, with an anchor."""
        items = "".join(f'<dt id="{t.anchor}">{escape(t.name)}</dt><dd>{escape(t.definition)}</dd>'
                        for t in self.sorted_terms())
        return f'<dl class="book-glossary">{items}</dl>'

    def link_first_uses(self, html, link_for):
        """``html`` with the first use of each term in running text linked to
        its entry (``link_for(term)`` is the href), the definition as title."""
        if self._pattern is None:
            return html
        used, out, stack, pos = set(), [], [], 0

        def eligible():
            if any(skip for _, skip in stack):
                return False
            return any(tag in _RUNNING for tag, _ in stack)

        def link(text):
            def one(match):
                term = self._by_phrase[match.group(1).lower()]
                if term.anchor in used:
                    return match.group(0)
                used.add(term.anchor)
                return (f'<a class="book-term" href="{escape(link_for(term))}" '
                        f'title="{escape(term.definition)}">{match.group(0)}</a>')
            return self._pattern.sub(one, text)

        for token in _TOKEN.finditer(html):
            text = html[pos:token.start()]
            out.append(link(text) if text and eligible() else text)
            out.append(token.group(0))
            pos = token.end()
            tag = _TAG.match(token.group(0))
            if not tag or token.group(0).startswith("<!"):
                continue
            closing, name, attrs, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
            if closing:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == name:
                        del stack[depth:]
                        break
            elif name not in _VOID and not self_closing:
                classes = re.search(r'class="([^"]*)"', attrs)
                skip = name in _SKIP or bool(classes and re.search(
                    r"(?<![\w-])(arithmatex|katex|admonition-title|book-cites)(?![\w-])", classes.group(1)))
                stack.append((name, skip))
        text = html[pos:]
        out.append(link(text) if text and eligible() else text)
        return "".join(out)
