"""The machinery that turns ``docs/`` and ``py/neural_odes`` into the book's site.

MkDocs calls ``book_hooks.py``, which only hands its objects to ``book_build.BookBuild``;
everything else is plain Python, one sub-package per concern (ARCHITECTURE.md walks
through them):

``blocks``      the Markdown directives (``sim``, ``quiz``, ``table``)
``apparatus``   citations, numbered figures and exercises, glossary, back matter
``figures``     the build-time renderer of scenes and its store
``vendoring``   Pyodide, numpy and the project wheel as bytecode, KaTeX, fonts
``offline``     the service worker, the file:// copy and its zip
``embed``       embed pages and the host snippet
``printing``    print sections and ``./book pdf``
``theme``       small fixes to Material's output
``runtime_manifest``  versions, names, scripts and paths the browser shares with the build
"""

from pathlib import Path

#: The repository's root: ``site_hooks`` is run from its checkout, never installed.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
