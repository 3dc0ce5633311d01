"""How a page with a simulation starts the runtime: its head asks for the runtime's
files early (prefetch), the worker then takes them from the HTTP cache (each
reaches the server once), only the trained models the page's simulations use are
fetched, and the worker posts its start-up milestones."""

from collections import Counter
import re

import pytest

from browser_checks import PageWatch
from static_server import pages_handler, serve

pytestmark = pytest.mark.browser
READY_TIMEOUT = 90_000
CNF_PAGE = "chapters/06-density-flow/"


@pytest.fixture()
def counted_site(built_site):
    handler = pages_handler()
    server, base = serve(built_site, handler=handler)
    yield base, handler.requests
    server.shutdown()


def hints(page):
    return page.eval_on_selector_all('link[rel="prefetch"]', "els => els.map(e => e.href)")


def test_prefetched_files_reach_the_server_once(browser, counted_site):
    base, requests = counted_site
    context = browser.new_context(service_workers="block")  # an empty cache
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base + CNF_PAGE)
    root = page.locator('[data-sim="cnf"]')
    root.scroll_into_view_if_needed()
    page.wait_for_function("el => Number(el.dataset.frame) > 0", arg=root.element_handle(),
                           timeout=READY_TIMEOUT)
    urls = hints(page)
    paths = {re.sub(r"^https?://[^/]+", "", u) for u in urls}
    assert any(p.endswith("/pyodide.asm.js") for p in paths) and any(p.endswith(".whl") for p in paths)
    assert any(p.endswith("/trained/cnf.json") for p in paths)
    assert not any("classifier" in p for p in paths)
    got = Counter(path for path, status in requests if status == 200)
    for path in paths:
        assert got[path] == 1, (path, got[path])  # prefetched, then used from the cache
    assert not [p for p in got if p.endswith("/trained/classifier.json")]  # not on this page
    timeline = page.evaluate("NeuralOdesBook.runtime.timeline")
    order = ["runtime-start", "worker-start", "pyodide-js", "wasm-start", "wasm-ready", "python",
             "packages", "trained", "imports", "ready", "first-call-start", "first-call-end"]
    assert all(name in timeline for name in order), timeline
    assert [timeline[n] for n in order] == sorted(timeline[n] for n in order), timeline
    watch.assert_clean()
    context.close()


def test_page_without_simulation_prefetches_nothing(page, site_url):
    page.goto(site_url)
    assert hints(page) == []
