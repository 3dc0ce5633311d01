"""Offline after the first visit, updated file by file (site_hooks/offline/service_worker.py).

The service worker precaches the files a page can load, each under the hash of
its bytes. A returning reader after a one-chapter rebuild downloads only the
files that changed; with the server gone every page opens and a simulation
runs; the footer says when the book is stored; with Save-Data on the Python
runtime waits for the first simulation. This test's own browser contexts allow
service workers (every other context blocks them)."""

import base64
import hashlib
import json
import os
from pathlib import Path
import shutil
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from book_pages import all_pages
from browser_checks import PageWatch
from static_server import QuietHandler, serve
from site_hooks.offline.loaded_files import loaded_files
from site_hooks.offline.service_worker import MANIFEST_NAME, RUNTIME_PREFIX, SW_NAME

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "chapters/01-resnet-is-euler/"
CHAPTER_MD = "docs/chapters/01-resnet-is-euler.md"
EDIT = ("Seeing it that way explains", "Seen that way, it explains")  # one sentence of chapter 1
READY_TIMEOUT = 90_000

# The active worker's answer to the message the footer's offline line sends.
STATUS = """async () => {
  const r = await navigator.serviceWorker.getRegistration();
  if (!r || !r.active) return null;
  return await new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = (e) => resolve(e.data);
    r.active.postMessage({ type: "offline-status" }, [c.port2]);
    setTimeout(() => resolve(null), 3000);
  });
}"""


def manifest(folder):
    return json.loads((Path(folder) / MANIFEST_NAME).read_text())


class _LoggingHandler(QuietHandler):
    """Serves a folder and notes (path, bytes) of every GET that found a file."""
    requests = None

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            rel = os.path.relpath(path, self.directory).replace(os.sep, "/")
            self.requests.append((rel, os.path.getsize(path)))
        super().do_GET()


@pytest.fixture
def served(built_site, tmp_path):
    """(base URL, served folder, request log, server): a copy of the build."""
    folder = tmp_path / "served"
    shutil.copytree(built_site, folder)
    handler = type("H", (_LoggingHandler,), {"requests": []})
    server, base = serve(folder, handler=handler)
    yield base, folder, handler.requests, server
    server.shutdown()


def rebuild_with_one_chapter_changed(tmp_path, dest):
    """The real build of a copy of the book whose chapter 1 has one sentence
    reworded, into ``dest`` (the folder being served), as a deploy would."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    for shared in ("overrides", ".cache", "node_modules", "py"):  # the same inputs, not copies
        (project / shared).symlink_to(ROOT / shared)
    config = (ROOT / "mkdocs.yml").read_text().replace("site_hooks/book_hooks.py",
                                                       str(ROOT / "site_hooks/book_hooks.py"))
    (project / "mkdocs.yml").write_text(config)
    chapter = project / CHAPTER_MD
    text = chapter.read_text()
    assert EDIT[0] in text, "the sentence this test edits is gone: pick another"
    chapter.write_text(text.replace(*EDIT, 1))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


def wait_for_status(page, build, *, runtime=True, timeout=180):
    """The active worker's status once it is `build`'s and has stored every
    file (``runtime=False``: every file but the Python runtime)."""
    deadline, status = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        status = page.evaluate(STATUS)
        if status and status["build"] == build and status["state"] == "activated":
            have, need = status["storedFiles"], status["files"]
            if not runtime:
                have -= status["runtime"]["storedFiles"]
                need -= status["runtime"]["files"]
            if have == need:
                return status
        page.wait_for_timeout(500)
    raise AssertionError(f"the worker of build {build} did not finish storing: {status}")


def run_euler(page):
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")


def test_precache_lists_what_pages_load_with_revisions(built_site):
    m = manifest(built_site)
    urls = [e["url"] for e in m["entries"]]
    assert urls == [f for f in loaded_files(built_site) if f not in (SW_NAME, MANIFEST_NAME)]
    assert m["files"] == len(urls) and m["bytes"] == sum(e["size"] for e in m["entries"])
    for unloaded in ("assets/javascripts/lunr/", "embed/", "sitemap.xml",
                     "404.html", "pyodide.mjs", ".map"):
        assert not [u for u in urls if unloaded in u], unloaded
    for needed in ("index.html", CHAPTER + "index.html", "search/search_index.json", "assets/javascripts/bundle.a5f9d56c.min.js",
                   "assets/pyodide/pyodide.asm.wasm", "assets/vendor/fonts/fonts.css"):
        assert needed in urls, needed
    for entry in m["entries"]:  # each revision is the hash of the bytes it names
        digest = hashlib.sha256((built_site / entry["url"]).read_bytes()).digest()
        assert entry["integrity"] == "sha256-" + base64.b64encode(digest).decode()
        assert entry["revision"] == digest.hex()[:16]
        assert entry["size"] == (built_site / entry["url"]).stat().st_size
    sw = (built_site / SW_NAME).read_text()
    assert m["build"] in sw and "this.workbox.precaching=" in sw, "Workbox is inlined in sw.js"
    assert "importScripts(" not in sw, "the worker loads nothing: no CDN, no second request"


def test_returning_reader_fetches_only_the_changed_files(browser, served, tmp_path):
    base, folder, requests, server = served
    v1 = manifest(folder)
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base + CHAPTER)
    wait_for_status(page, v1["build"])
    first_visit = sum(size for _, size in requests)
    # The footer says the book is stored, and how much (the line polls the worker).
    line = page.locator(".md-footer-meta .book-offline")
    expect(line).to_have_text(f"The whole book is available offline ({v1['bytes'] / 1e6:.1f} MB stored).")
    expect(line).to_have_attribute("role", "status")
    expect(line).to_have_attribute("aria-busy", "false")

    # A deploy: chapter 1 reworded, the site rebuilt into the folder being served.
    rebuild_with_one_chapter_changed(tmp_path, folder)
    v2 = manifest(folder)
    old = {e["url"]: e["revision"] for e in v1["entries"]}
    changed = {e["url"] for e in v2["entries"] if old.get(e["url"]) != e["revision"]}
    # Unchanged files are byte-identical across builds: only the page and the search index differ.
    assert changed == {CHAPTER + "index.html", "search/search_index.json"}, changed

    del requests[:]
    # The browser checks for a new worker at each visit; the test asks at once, and
    # asks again if a loaded machine let that check lapse (each check fetches sw.js).
    for attempt in range(1, 7):
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        try:
            status = wait_for_status(page, v2["build"], timeout=40)
            break
        except AssertionError:
            if attempt == 6:
                raise AssertionError(f"no update after {attempt} checks; requests: {requests}") from None
    fetched = [path for path, _ in requests]
    others = [p for p in fetched if p != SW_NAME]
    assert set(fetched) == changed | {SW_NAME}, fetched
    assert len(others) == len(changed), f"a changed file was fetched twice: {fetched}"
    update_bytes = sum(size for _, size in requests)
    print(f"\nprecache: {v1['files']} files, {v1['bytes'] / 1e6:.2f} MB; first visit fetched "
          f"{first_visit / 1e6:.2f} MB; after a one-chapter rebuild the returning reader fetched "
          f"{len(fetched)} requests, {update_bytes / 1e6:.3f} MB ({', '.join(sorted(set(fetched)))}); "
          f"update checks: {attempt}")
    assert status["storedBytes"] == v2["bytes"]
    # The old revisions are gone: the cache holds exactly this build's entries.
    keys = page.evaluate("caches.keys().then((n) => Promise.all(n.map((k) => caches.open(k).then((c) => c.keys()))))"
                         ".then((all) => all.flat().map((r) => r.url))")
    assert len(keys) == v2["files"]

    # Revisit with the server gone and the network cut: the new text, every page, a simulation.
    server.shutdown()
    context.set_offline(True)
    failed = []
    # (A runtime download cut short by the next page.goto is aborted, not missing.)
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and failed.append((r.url, r.failure)))
    page.goto(base + CHAPTER)
    expect(page.locator("article")).to_contain_text(EDIT[1])
    for url in all_pages():
        page.goto(base + url)
        expect(page.locator("article h1").first).to_be_visible()
        page.evaluate("document.fonts.ready")
    page.goto(base + CHAPTER)
    run_euler(page)
    expect(line).to_contain_text("The whole book is available offline")
    assert failed == [], f"not precached, yet a page loads it: {failed}"
    watch.assert_clean()
    context.close()


def test_save_data_leaves_the_runtime_until_a_simulation_needs_it(browser, served):
    base, folder, requests, server = served
    m = manifest(folder)
    context = browser.new_context(service_workers="allow")
    # A reader who turned on Save-Data (the browser's data saver).
    context.add_init_script("Object.defineProperty(NetworkInformation.prototype, 'saveData', { get: () => true })")
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base)  # the front page: no simulation
    status = wait_for_status(page, m["build"], runtime=False)
    assert status["saveData"] and status["runtime"]["storedFiles"] == 0
    assert not [p for p, _ in requests if p.startswith(RUNTIME_PREFIX)], "the runtime was downloaded"
    line = page.locator(".md-footer-meta .book-offline")
    expect(line).to_have_attribute("data-offline", "pages")
    expect(line).to_contain_text("Save-Data is on")

    # A chapter whose simulation is below the fold: its prefetch hints for the runtime
    # get empty answers from the worker, nothing downloads until the simulation starts.
    page.goto(base + CHAPTER)
    assert page.locator('link[rel="prefetch"][href*="pyodide/"]').count() > 0
    page.wait_for_timeout(3000)
    expect(page.locator('[data-sim="euler"]')).to_have_attribute("data-state", "static")
    assert not [p for p, _ in requests if p.startswith(RUNTIME_PREFIX)], "the runtime was downloaded"
    # The first simulation loads the runtime (with only its own trained models); the
    # worker stores each file on the way, once.
    run_euler(page)
    runtime = [p for p, _ in requests if p.startswith(RUNTIME_PREFIX)]
    assert runtime and len(runtime) == len(set(runtime)), f"a runtime file was downloaded twice: {runtime}"
    deadline = time.monotonic() + 60
    while (status := page.evaluate(STATUS))["runtime"]["storedFiles"] < len(runtime) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert status["runtime"]["storedFiles"] == len(runtime), (status, runtime)
    expect(line).to_contain_text("Pages and the simulations you ran are available offline")

    server.shutdown()
    context.set_offline(True)
    page.reload()
    run_euler(page)
    watch.assert_clean()
    context.close()
