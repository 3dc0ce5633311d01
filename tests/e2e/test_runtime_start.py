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


EULER_PAGE = "chapters/01-resnet-is-euler/"


def _open(browser, url, save_data=False):
    context = browser.new_context(service_workers="block")
    if save_data:
        context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
    page = context.new_page()
    workers = []
    # The book's runtime workers (Material's search has a worker of its own).
    page.on("worker", lambda w: w.url.endswith("/book/js/worker.js") and workers.append(w.url))
    page.goto(url)
    return context, page, workers


def test_a_link_to_a_figure_starts_the_runtime_while_the_page_loads(browser, counted_site):
    """Opened at its figure, the page starts the worker from the script just after
    its article, before its own scripts set the page up; runtime.js adopts that
    worker: one worker, one start, the figure drawn live."""
    base, _ = counted_site
    context, page, workers = _open(browser, base + EULER_PAGE + "#sim-euler")
    watch = PageWatch(page, base)
    root = page.locator('[data-sim="euler"]')
    page.wait_for_function("el => Number(el.dataset.frame) > 0", arg=root.element_handle(), timeout=READY_TIMEOUT)
    started = page.evaluate("NeuralOdesBook.runtime.timeline['runtime-start']")
    setup = page.evaluate("performance.getEntriesByName('book:page-setup')[0].startTime")
    assert started < setup, (started, setup)
    assert page.evaluate("NeuralOdesBook.runtime.starts") == 1
    assert len(workers) == 1, workers
    watch.assert_clean()
    context.close()


def test_a_figure_screens_below_waits_for_the_reader(browser, counted_site):
    """At the top of chapter 1 the figure is screens away: no worker until the
    reader comes near (the lazy path of main.js)."""
    base, _ = counted_site
    context, page, workers = _open(browser, base + EULER_PAGE)
    page.wait_for_function("window.NeuralOdesBook && NeuralOdesBook.pageSimulations().length > 0")
    page.wait_for_timeout(1500)
    assert page.evaluate("NeuralOdesBook.runtime.starts") == 0 and workers == []
    context.close()


def test_save_data_does_not_start_the_runtime_before_the_page_is_set_up(browser, counted_site):
    """With Save-Data a linked figure starts the runtime only when the page's own
    scripts see it on screen, never from the early script."""
    base, _ = counted_site
    context, page, workers = _open(browser, base + EULER_PAGE + "#sim-euler", save_data=True)
    page.wait_for_function("window.NeuralOdesBook && NeuralOdesBook.runtime && NeuralOdesBook.runtime.starts > 0",
                           timeout=READY_TIMEOUT)
    started = page.evaluate("NeuralOdesBook.runtime.timeline['runtime-start']")
    setup = page.evaluate("performance.getEntriesByName('book:page-setup')[0].startTime")
    assert started >= setup, (started, setup)
    assert len(workers) == 1
    context.close()
