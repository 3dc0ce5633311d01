"""The book's scholarly apparatus, as plain modules the build calls:

* ``citations``: ``[@key]`` in Markdown becomes an author-year link to the
  References page, formatted from ``docs/references.bib`` by pybtex;
* ``crossrefs``: figures (sim blocks), tables (table blocks) and exercises are
  numbered per chapter, and ``[[fig:id]]``, ``[[tab:id]]``, ``[[ex:3-1]]`` link to them;
* ``exercises``: the ``exercise`` block, with its solution hidden in a ``<details>``;
* ``glossary``: ``docs/glossary.yml`` rendered as a page, and the first use of
  each term in a chapter linked to its definition;
* ``prose``: where in Markdown these markers may appear (not in code);
* ``pages``: the order of the navigation and each page's URL.

Nothing here knows MkDocs; ``site_hooks/book_build.py`` ties it together.
"""
