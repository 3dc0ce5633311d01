"""Offline after the first visit: the service worker precaches the whole build,
so with the server gone and the network cut, every page still opens and a
simulation still runs; a new build's worker replaces the old cache. This test's
own browser context allows service workers (every other context blocks them)."""

import json
from pathlib import Path
import shutil

import pytest
from playwright.sync_api import expect

from book_pages import all_pages
from browser_checks import PageWatch
from static_server import QuietHandler, serve
from site_hooks.service_worker import write_service_worker

pytestmark = pytest.mark.browser

CHAPTER = "chapters/01-resnet-is-euler/"
READY_TIMEOUT = 90_000


class _SwitchableHandler(QuietHandler):
    root = {"dir": None}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=self.root["dir"], **kwargs)


@pytest.fixture
def sw_server(built_site, tmp_path):
    """(base URL, {"dir": folder served}, v1 folder, v2 folder): two builds, the
    second with one page changed and its service worker written anew."""
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(built_site, v1)
    shutil.copytree(built_site, v2)
    index = v2 / "index.html"
    index.write_text(index.read_text().replace("</h1>", " (second build)</h1>", 1))
    write_service_worker(v2, log=lambda m: None)
    handler = type("H", (_SwitchableHandler,), {"root": {"dir": str(v1)}})
    server, base = serve(handler=handler)
    yield base, handler.root, v1, v2, server
    server.shutdown()


def version(folder):
    return json.loads((Path(folder) / "precache-manifest.json").read_text())["version"]


def wait_until_controlled(page):
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120_000)


def cache_names(page):
    return page.evaluate("caches.keys()")


def test_manifest_lists_every_file(built_site):
    manifest = json.loads((built_site / "precache-manifest.json").read_text())
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {"sw.js", "precache-manifest.json"}
    sw = (built_site / "sw.js").read_text()
    assert manifest["version"] in sw and "assets/pyodide/pyodide.asm.wasm" in sw


def test_offline_after_the_first_visit(browser, sw_server):
    base, root, v1, v2, server = sw_server
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base + CHAPTER)
    wait_until_controlled(page)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    assert cache_names(page) == [f"neural-odes-book {base} {version(v1)}"]

    # A new build: the new worker installs its cache, takes over, deletes the old one.
    root["dir"] = str(v2)
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    want = [f"neural-odes-book {base} {version(v2)}"]
    for _ in range(240):  # wait_for_function would not await a promise
        if cache_names(page) == want:
            break
        page.wait_for_timeout(500)
    assert cache_names(page) == want

    assert version(v1) != version(v2)
    page.wait_for_function("navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'")
    # The network goes away.
    server.shutdown()
    context.set_offline(True)
    page.goto(base)
    expect(page.locator("h1").first).to_contain_text("(second build)")
    for url in all_pages():
        page.goto(base + url)
        expect(page.locator("article h1").first).to_be_visible()
    page.goto(base + CHAPTER)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    assert watch.page_errors == [] and watch.console_errors == [], watch.console_errors
    context.close()
