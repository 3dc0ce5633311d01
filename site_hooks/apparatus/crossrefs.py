"""Numbered figures, tables and exercises, and the cross-references to them.

In each chapter, every ``sim`` block is a figure and every ``table`` block a
table, numbered in order of appearance ("Figure 3.2", "Table 1.1"); exercises
are numbered by their id (``3-1`` is "Exercise 3.1"). Prose refers to them as
``[[fig:<label>]]``, ``[[tab:<label>]]`` and ``[[ex:<id>]]``, on the same page
or across chapters; the label of a figure is its sim id (or its ``label:`` key),
of a table its table id (or its ``label:``). A label names one thing in the
whole book, and an unknown label stops the build with file:line.
"""

from dataclasses import dataclass
import difflib
from html import escape
import re

from ..blocks.directives import DirectiveError
from . import prose

__all__ = ["Target", "Registry", "XREF", "NAMES"]

XREF = re.compile(r"\[\[\s*([A-Za-z]+)\s*:\s*([^\]\s]+)\s*\]\]")
NAMES = {"fig": "Figure", "tab": "Table", "ex": "Exercise"}


@dataclass(frozen=True)
class Target:
    kind: str  # "fig", "tab" or "ex"
    label: str
    number: str  # "3.2"
    src_path: str  # the page it is on
    anchor: str  # its DOM id there
    line: int  # where its block starts, for errors

    @property
    def text(self):
        """"Figure 3.2", with a non-breaking space."""
        return f"{NAMES[self.kind]}\u00a0{self.number}"


class Registry:
    """Every numbered thing of the book, filled page by page before any page
    is rendered (so a chapter can refer to a later one)."""

    def __init__(self):
        self.targets = {}  # (kind, label) -> Target
        self.pages = {}  # src_path -> {kind: [Target, ...] in order}

    def add_page(self, src_path, chapter, items):
        """``items``: (kind, label, anchor, line) of a chapter's blocks in order.
        Figures and tables are numbered here; an exercise's label is its id."""
        self.drop_page(src_path)
        page = {kind: [] for kind in NAMES}
        for kind, label, anchor, line in items:
            if kind == "ex":
                number = label.replace("-", ".")
            else:
                number = f"{chapter}.{len(page[kind]) + 1}"
            key = (kind, label)
            if key in self.targets:
                first = self.targets[key]
                what = {"fig": "figure", "tab": "table", "ex": "exercise"}[kind]
                fix = "" if kind == "ex" else " (give one of them a 'label:' key)"
                raise DirectiveError(src_path, line, f"{what} label {label!r} is already used at "
                                     f"{first.src_path}:{first.line}{fix}")
            target = Target(kind, label, number, src_path, anchor, line)
            self.targets[key] = target
            page[kind].append(target)
        self.pages[src_path] = page

    def drop_page(self, src_path):
        for target in [t for targets in self.pages.pop(src_path, {}).values() for t in targets]:
            self.targets.pop((target.kind, target.label), None)

    def on_page(self, src_path, kind, ordinal):
        """The ``ordinal``-th (0-based) target of ``kind`` on a page, or None."""
        targets = self.pages.get(src_path, {}).get(kind, [])
        return targets[ordinal] if ordinal < len(targets) else None

    def resolve(self, kind, label, path, line):
        if kind not in NAMES:
            raise DirectiveError(path, line, f"unknown cross-reference [[{kind}:{label}]]: the kinds are "
                                 f"fig (a simulation), tab (a table) and ex (an exercise)")
        target = self.targets.get((kind, label))
        if target is None:
            known = [lab for k, lab in self.targets if k == kind]
            close = difflib.get_close_matches(label, known, n=1)
            hint = f" (did you mean [[{kind}:{close[0]}]]?)" if close else ""
            raise DirectiveError(path, line, f"unknown cross-reference [[{kind}:{label}]]: no "
                                 f"{NAMES[kind].lower()} of the book has that label{hint}")
        return target

    def check(self, markdown, path, first_line):
        """Raise for the first unknown label in ``markdown`` (outside code)."""
        for match in prose.prose_matches(XREF, markdown):
            self.resolve(match.group(1), match.group(2), path,
                         first_line + markdown.count("\n", 0, match.start()))

    def render(self, markdown, path, first_line, link_for):
        """``markdown`` with each ``[[kind:label]]`` replaced by a link whose
        href is ``link_for(target)``."""
        def replace(match, line):
            target = self.resolve(match.group(1), match.group(2), path, line)
            return f'<a class="book-xref" href="{escape(link_for(target))}">{target.text}</a>'
        return prose.substitute(XREF, markdown, replace, first_line)
