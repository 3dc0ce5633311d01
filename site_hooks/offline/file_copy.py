"""The offline copy of the book: a build that works opened from file:// (no server).

Switched on by the environment variable ``BOOK_OFFLINE`` (read as YAML, like
mkdocs' ``!ENV``), which also enables Material's ``offline`` plugin in mkdocs.yml
(search index inlined as a script; no directory URLs). Chromium refuses fetch()
and ``new Worker()`` of file:// URLs, so this module adds, after the build:

* ``assets/offline/pyodide/<file>.js``: every file of ``assets/pyodide/`` that Pyodide
  fetches (wasm, standard library, lock file, wheels, trained models) as a classic
  script carrying its bytes in base64, and ``assets/offline/text/...``: the text of
  pyodide.js, pyodide.asm.js and the book's worker.js; ``assets/offline/index.js``
  lists them. The browser side is ``assets/book/js/offline.js``: on file:// it
  loads them with ``<script>`` tags and starts the runtime's worker from a blob:
  URL (allowed there), handing it these files through a fetch shim.
* ``assets/offline/worker-shim.js``: in place of the polyfill Material's offline
  plugin would fetch from a CDN, a shim that runs Material's search worker from a
  blob: URL (allowed on file://) built from the worker's source carried inline.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import yaml

from ..js_template import fill, js_literal
from ..runtime_manifest import RUNTIME_DIR, WORKER_SCRIPTS

__all__ = ["offline_enabled", "configure_offline", "write_offline_files", "OFFLINE_SHIM"]

OFFLINE_DIR = "assets/offline"
OFFLINE_SHIM = f"{OFFLINE_DIR}/worker-shim.js"
# Loaded as scripts from their real place, not through the fetch shim.
_SCRIPT_SUFFIXES = (".js", ".mjs", ".map")
_TYPES = {".wasm": "application/wasm", ".json": "application/json", ".zip": "application/zip",
          ".whl": "application/zip"}

SHIM_TEMPLATE = Path(__file__).with_name("worker_shim_template.js")
INDEX_TEMPLATE = Path(__file__).with_name("runtime_index_template.js")


def offline_enabled(environ=None) -> bool:
    value = (environ if environ is not None else os.environ).get("BOOK_OFFLINE", "")
    try:
        return bool(yaml.safe_load(value)) if value.strip() else False
    except yaml.YAMLError:
        return False


def configure_offline(config) -> None:
    """After Material's offline plugin configured the build: directory URLs off
    (the plugin does it too), its CDN polyfill replaced by our local shim, and no
    instant navigation (on file:// Material skips it, and with the feature on its
    document$ completes before the page loads: no page script would ever run)."""
    config.use_directory_urls = False
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = polyfills + [OFFLINE_SHIM]


def write_offline_files(site_dir, log=print) -> dict:
    """Write the data scripts, their index and the worker shim; returns the index."""
    site = Path(site_dir)
    runtime = site / RUNTIME_DIR
    out = site / OFFLINE_DIR
    files = {}
    for path in sorted(p for p in runtime.rglob("*") if p.is_file()):
        rel = path.relative_to(runtime).as_posix()
        if path.suffix in _SCRIPT_SUFFIXES:
            continue
        script = f"pyodide/{rel}.js"
        target = out / script
        target.parent.mkdir(parents=True, exist_ok=True)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        target.write_text(f"NeuralOdesBookOffline.add({json.dumps(rel)}, \"{data}\");\n", encoding="ascii")
        files[rel] = {"script": script, "type": _TYPES.get(path.suffix, "application/octet-stream"),
                      "size": path.stat().st_size}
    # Scripts the runtime's blob: worker runs, carried as text (a worker cannot
    # load them from file:// either).
    texts = {}
    for rel in (script.removeprefix("assets/") for script in WORKER_SCRIPTS):
        script = f"text/{rel}.js"
        target = out / script
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (site / "assets" / rel).read_text(encoding="utf-8")
        target.write_text(f"NeuralOdesBookOffline.addText({json.dumps(rel)}, {js_literal(text)});\n",
                          encoding="utf-8")
        texts[rel] = script
    (out / "index.js").write_text(fill(INDEX_TEMPLATE, FILES=files, TEXTS=texts))
    workers = {}
    for worker in sorted((site / "assets" / "javascripts" / "workers").glob("*.js")):
        workers[worker.relative_to(site).as_posix()] = worker.read_text(encoding="utf-8")
    (site / OFFLINE_SHIM).write_text(fill(SHIM_TEMPLATE, SOURCES=workers))
    log(f"offline: {len(files)} runtime files as data scripts, {len(workers)} worker(s) shimmed")
    return files
