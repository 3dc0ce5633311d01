"""Numbers and tables in the prose, computed by ``neural_odes.printed``.

Inline: ``{{ ch1.two_steps }}`` becomes the printed text of that number.
Tables: a ``table`` block naming a table id becomes a Markdown table::

    ```table
    id: euler-worked
    caption: Euler's method on dh/dt = h/2 with ever smaller steps.
    ```

In a chapter the build numbers it ("Table 1.1") and shows the optional
``caption`` above it; ``label`` names it for ``[[tab:<label>]]`` when the same
table appears twice (site_hooks/apparatus/crossrefs.py).
"""

import re

from neural_odes import printed

from .directives import DirectiveError, load_yaml

__all__ = ["substitute_numbers", "render_table"]

_MARKER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\.(\w+)\s*\}\}")


def substitute_numbers(markdown, path, extra=None, first_line=1):
    """Replace every ``{{ chapter.name }}`` marker. ``extra`` maps further
    namespaces (such as ``book``) to dicts of values computed by the build."""
    extra = extra or {}
    out = []
    for offset, line in enumerate(markdown.split("\n")):
        def value(match, line_no=first_line + offset):
            space, name = match.group(1), match.group(2)
            if space in extra:
                if name not in extra[space]:
                    raise DirectiveError(path, line_no, f"unknown value {{{{ {space}.{name} }}}} "
                                         f"(known: {', '.join(sorted(extra[space]))})")
                return str(extra[space][name])
            try:
                return printed.number(f"{space}.{name}")
            except ValueError as exc:
                raise DirectiveError(path, line_no, str(exc)) from None
        out.append(_MARKER.sub(value, line))
    return "\n".join(out)


def render_table(block):
    data, lines = load_yaml(block)
    if "id" not in data or set(data) - {"id", "caption", "label"}:
        raise block.error("a table block has the keys 'id' and optionally 'caption' and 'label'")
    try:
        table = printed.table(data["id"])
    except ValueError as exc:
        raise block.error(str(exc), lines.get(("id",))) from None
    align = {"left": ":--", "right": "--:", "center": ":-:"}
    cells = lambda row: "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"  # noqa: E731
    head = cells(table["columns"])  # a "|" inside a cell (|x|) is escaped, or it splits the cell
    rule = "| " + " | ".join(align[a] for a in table.get("align", ["left"] * len(table["columns"]))) + " |"
    rows = [cells(row) for row in table["rows"]]
    return "\n".join([head, rule, *rows])
