"""Where inline markers (citations, cross-references) may appear in Markdown:
anywhere except fenced code blocks and inline code spans, so a page can show
the syntax itself as code. Matches report their line in the file."""

import re

__all__ = ["code_ranges", "prose_matches", "substitute"]

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.M)
_TICKS = re.compile(r"`+")


def code_ranges(text):
    """Sorted (start, end) character ranges of fenced code and inline code."""
    ranges, pos = [], 0
    while True:
        fence = _FENCE.search(text, pos)
        stop = fence.start() if fence else len(text)
        ranges += _inline_code(text, pos, stop)
        if not fence:
            return ranges
        marker = fence.group(1)
        closing = re.compile(r"^[ \t>]*" + re.escape(marker[0]) + "{%d,}[ \t]*$" % len(marker), re.M)
        end_match = closing.search(text, fence.end())
        end = end_match.end() if end_match else len(text)
        ranges.append((fence.start(), end))
        pos = end


def _inline_code(text, start, stop):
    """Code spans: a run of n backticks up to the next run of exactly n."""
    out, pos = [], start
    while True:
        opening = _TICKS.search(text, pos, stop)
        if not opening:
            return out
        width = len(opening.group(0))
        closing = next((m for m in _TICKS.finditer(text, opening.end(), stop) if len(m.group(0)) == width), None)
        if closing is None:  # an unmatched run is literal backticks
            pos = opening.end()
            continue
        out.append((opening.start(), closing.end()))
        pos = closing.end()


def prose_matches(pattern, text):
    """Matches of ``pattern`` that do not start inside code."""
    ranges = code_ranges(text)
    return [m for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in ranges)]


def substitute(pattern, text, replace, first_line=1):
    """``text`` with every prose match of ``pattern`` replaced by
    ``replace(match, line)``, where ``line`` is the match's line in the file
    (``first_line`` being the line of the text's first character)."""
    out, pos = [], 0
    for match in prose_matches(pattern, text):
        out.append(text[pos:match.start()])
        out.append(replace(match, first_line + text.count("\n", 0, match.start())))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)
