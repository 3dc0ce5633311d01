"""Numbers and tables that the book's prose prints, computed by the book's code.

Chapter N keeps its own in ``printed/chNN.py``: a function ``numbers()``
returning ``{name: printed text}`` and a dict ``TABLES`` of table id ->
function returning ``{"columns": [...], "rows": [[str, ...], ...], "align": [...]}``.
Markdown refers to them as ``{{ chN.name }}`` and with a ``table`` block
(``id: <table id>``). Nothing is computed until the build asks for it.
"""

import importlib

CHAPTERS = range(10)


def _chapter(n):
    try:
        return importlib.import_module(f"{__name__}.ch{n:02d}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.ch{n:02d}":
            raise
        return None


def _tables():
    out = {}
    for n in CHAPTERS:
        module = _chapter(n)
        out.update(getattr(module, "TABLES", {}) if module else {})
    return out


def table(table_id):
    tables = _tables()
    if table_id not in tables:
        raise ValueError(f"unknown table id {table_id!r}; known: {', '.join(sorted(tables))}")
    return tables[table_id]()


def number(key):
    """The printed text of ``key`` (``"ch<N>.<name>"``)."""
    chapter, _, name = key.partition(".")
    module = _chapter(int(chapter[2:])) if chapter.startswith("ch") and chapter[2:].isdigit() else None
    if module is None or not hasattr(module, "numbers"):
        raise ValueError(f"unknown number {key!r}: no chapter {chapter!r} with printed numbers")
    values = module.numbers()
    if name not in values:
        raise ValueError(f"unknown number {key!r}; {chapter} has: {', '.join(sorted(values))}")
    return values[name]
