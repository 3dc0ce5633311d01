"""Offline after the first visit, updated file by file: the service worker.

After everything else is written, :func:`write_service_worker` lists the files a
page of the book can load (``loaded_files.py``: no source maps, no unused search
languages, no embed pages), each with its own revision (a hash of its bytes),
and writes

* ``sw.js`` at the site root, from ``service_worker_template.js``: Workbox's
  precaching with that list inlined, see the template for what it does;
* ``precache-manifest.json``: the same list with the sizes, for tools and tests
  (the worker does not read it: its list is inside it, so one request checks for
  an update);
* ``assets/book/js/sw-register.js``: loaded by every page (overrides/main.html);
  registers ``sw.js`` with the site's root as scope, over http(s) only, not in an
  embed's iframe, as ``sw.js?save-data=on`` for a reader with Save-Data on.
  Under ``mkdocs serve`` it is written disabled (it unregisters a worker left by
  an earlier visit) and no ``sw.js`` is written, so edits show.

Why Workbox, and why this way. Precaching by revision is what Workbox's
``workbox-precaching`` does and has done for years (install fetches only entries
whose revision it has not stored, with ``cache: "reload"`` and subresource
integrity; activate deletes the others); we use it rather than keep our own.
Its four runtime files (workbox-core, -routing, -strategies, -precaching, pinned
in package.json, about 20 KB) are classic scripts that extend ``self.workbox``:
they are inlined at the top of ``sw.js``, not loaded with ``importScripts``, so
nothing leaves the origin (workbox-sw, the usual loader, fetches them from a CDN
by default) and an update check is one request. workbox-build is not used: it
needs Node.js at build time and bundles the worker with rollup, while the list
itself is a few lines of Python. The service worker exists only over http(s);
the offline zip (file://) has none and needs none.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from ..js_template import fill
from ..vendoring.frontend import workbox_runtime
from .loaded_files import loaded_files

__all__ = ["write_service_worker", "precache_entries", "SW_NAME", "MANIFEST_NAME", "REGISTER_SCRIPT",
           "RUNTIME_PREFIX"]

SW_NAME = "sw.js"
MANIFEST_NAME = "precache-manifest.json"
REGISTER_SCRIPT = "assets/book/js/sw-register.js"
RUNTIME_PREFIX = "assets/pyodide/"  # the Python runtime: not precached under Save-Data
TEMPLATE = Path(__file__).with_name("service_worker_template.js")

REGISTER_TEMPLATE = Path(__file__).with_name("sw_register_template.js")


def _digest(path: Path) -> bytes:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").digest()


def precache_entries(site_dir) -> list[dict]:
    """``[{url, revision, integrity, size}]`` of the files a page can load.
    ``revision`` changes exactly when the bytes do; ``integrity`` is their SRI."""
    site = Path(site_dir)
    entries = []
    for rel in loaded_files(site):
        if rel in (SW_NAME, MANIFEST_NAME):
            continue
        digest = _digest(site / rel)
        entries.append({"url": quote(rel), "revision": digest.hex()[:16],
                        "integrity": "sha256-" + base64.b64encode(digest).decode("ascii"),
                        "size": (site / rel).stat().st_size})
    return entries


def write_service_worker(site_dir, *, project_root, enabled=True, log=print) -> dict | None:
    """Write the registration script and, when enabled, sw.js and its manifest."""
    site = Path(site_dir)
    register = site / REGISTER_SCRIPT
    register.parent.mkdir(parents=True, exist_ok=True)
    register.write_text(fill(REGISTER_TEMPLATE, ENABLED=bool(enabled), SW_NAME=SW_NAME))
    for stale in (site / SW_NAME, site / MANIFEST_NAME):
        stale.unlink(missing_ok=True)
    if not enabled:
        return None
    entries = precache_entries(site)
    listed = json.dumps(entries, separators=(",", ":"))
    build = hashlib.sha256(listed.encode()).hexdigest()[:16]  # names this list in status answers
    size = sum(e["size"] for e in entries)
    manifest = {"build": build, "files": len(entries), "bytes": size, "entries": entries}
    (site / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1))
    code = fill(TEMPLATE, MANIFEST=entries, BUILD=build, RUNTIME_PREFIX=RUNTIME_PREFIX)
    (site / SW_NAME).write_text(workbox_runtime(project_root) + code, encoding="utf-8")
    runtime = sum(e["size"] for e in entries if e["url"].startswith(RUNTIME_PREFIX))
    log(f"service worker: {len(entries)} files ({size / 1e6:.2f} MB, of which the Python runtime "
        f"{runtime / 1e6:.2f} MB) precached by revision")
    return manifest
