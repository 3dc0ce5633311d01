"""Which files of a built site a reader's browser can load.

MkDocs, Material and the vendoring write some files that no page of the book
ever requests. The service worker's precache (service_worker.py) and the offline
zip (offline_zip.py) carry only the others, so a reader downloads and stores
only what the book can use. The served site keeps every file: a web server
still answers a crawler (sitemap), a missing address (404.html), a course
site's iframe (embed/) or a developer's tools (source maps).

Each rule says why its files are never loaded. A rule that is wrong shows up in
tests/e2e/test_service_worker.py, which records every request the pages make
and requires each to be precached.
"""

from __future__ import annotations

import json
from pathlib import Path
import re

__all__ = ["unloaded_reason", "loaded_files"]

# (pattern on the path from the site root, why no page loads it); every build.
_NEVER = (
    (r".*\.map", "a source map: only a browser's developer tools read it"),
    (r"sitemap\.xml(\.gz)?", "for search engines; instant navigation's request for it is "
                             "answered by assets/book/js/site-map.js"),
    (r"404\.html", "a web server's answer to a missing address; no link leads to it"),
    (r"embed/.*", "an embed page: loaded in a course site's iframe, not by the book's pages"),
    (r"assets/book/js/embed(-host)?\.js", "loaded by embed pages and by the course sites around them"),
    (r"assets/pyodide/pyodide\.mjs", "Pyodide's ES-module loader; the runtime runs the classic pyodide.js"),
)
# Material's search worker imports these only for languages other than English.
_LUNR = (r"assets/javascripts/lunr/.*", "a search language other than English; the search index is English only")
# The offline copy (offline_build.py): its runtime reads the data scripts under
# assets/offline/, from file:// and over http alike (offline.js). Its search needs
# both search_index.js (file://) and search_index.json (http), so both stay.
_OFFLINE = (
    (r"assets/pyodide/(?!pyodide\.js$|pyodide\.asm\.js$).*",
     "the offline copy's runtime files come from the data scripts in assets/offline/"),
)


def _search_languages(site: Path) -> list[str]:
    try:
        return json.loads((site / "search" / "search_index.json").read_text())["config"]["lang"]
    except (OSError, ValueError, KeyError):
        return ["en"]  # no index: nothing would import a language file either


def _rules(site: Path, offline: bool):
    rules = list(_NEVER)
    if _search_languages(site) == ["en"]:
        rules.append(_LUNR)
    if offline:
        rules.extend(_OFFLINE)
    return [(re.compile(pattern), reason) for pattern, reason in rules]


def unloaded_reason(rel: str, rules) -> str | None:
    """Why no page loads the file at ``rel`` (a path from the site root), or None."""
    return next((reason for pattern, reason in rules if pattern.fullmatch(rel)), None)


def loaded_files(site_dir, *, offline: bool = False, skipped: dict | None = None) -> list[str]:
    """Sorted paths (from the site root) of the files a page of the book can load.
    ``offline``: the file:// copy. ``skipped``, if given, receives path -> reason."""
    site = Path(site_dir)
    rules = _rules(site, offline)
    out = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        reason = unloaded_reason(rel, rules)
        if reason is None:
            out.append(rel)
        elif skipped is not None:
            skipped[rel] = reason
    return out
