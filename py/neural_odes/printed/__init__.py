"""Numbers and tables that the book's prose prints, computed by the book's code.

Markdown refers to them by key: ``{{ ch1.two_steps }}`` for a number and a
``table`` block with ``id: euler-worked`` for a table. Each entry is a function,
so nothing is computed until the build asks for it.
"""

from . import ch01

#: table id -> function returning {"columns": [...], "rows": [[str, ...], ...]}
TABLES = {
    "euler-worked": ch01.worked_table,
}

#: chapter key -> function returning {name: printed text}
NUMBERS = {
    "ch1": ch01.numbers,
}


def table(table_id):
    try:
        return TABLES[table_id]()
    except KeyError:
        raise ValueError(f"unknown table id {table_id!r}; known: {', '.join(sorted(TABLES))}") from None


def number(key):
    """The printed text of ``key`` (``"<chapter>.<name>"``)."""
    chapter, _, name = key.partition(".")
    if chapter not in NUMBERS:
        raise ValueError(f"unknown number {key!r}: no chapter {chapter!r} (known: {', '.join(sorted(NUMBERS))})")
    values = NUMBERS[chapter]()
    if name not in values:
        raise ValueError(f"unknown number {key!r}; {chapter} has: {', '.join(sorted(values))}")
    return values[name]
