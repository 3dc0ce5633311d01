"""The offline zip (./book zip), unzipped and opened from file:// as by a
double-click: navigation, search, math, fonts, figures, a quiz and a live
simulation, with no server and no console error."""

from pathlib import Path
import re
import zipfile

import pytest
from playwright.sync_api import expect

from browser_checks import PageWatch
from neural_odes import sims
from site_hooks.offline import zip_book as offline_zip
from static_server import serve

pytestmark = pytest.mark.browser

CHAPTER = "chapters/01-resnet-is-euler.html"
READY_TIMEOUT = 120_000  # ms; on file:// Pyodide starts on the main thread from data scripts


@pytest.fixture(scope="session")
def offline_book(tmp_path_factory):
    """file:// URL (ending in /) of the unzipped offline book."""
    tmp = tmp_path_factory.mktemp("offline")
    out = offline_zip.make_zip(tmp / "neural-odes-book.zip")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert all(n.startswith(offline_zip.TOP + "/") for n in names)
        zf.extractall(tmp / "unzipped")
    root = tmp / "unzipped" / offline_zip.TOP
    assert (root / "index.html").is_file()
    return root.as_uri() + "/"


def expected_text(dt):
    return {name: r["text"] for name, r in sims.run("euler", {"dt": dt})["readouts"].items()}


def test_zip_holds_the_runtime_as_data_scripts(offline_book):
    root = Path(offline_book[len("file://"):])
    index = (root / "assets/offline/index.js").read_text()
    for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "trained/cnf.json"):
        assert f'"{name}"' in index, name
    assert '/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"' in index  # under numpy/<hash>/
    assert "neural_odes_book-" in index
    assert not (root / "sw.js").exists(), "no service worker in the file:// copy"
    assert "unpkg.com" not in (root / "index.html").read_text(), "a CDN polyfill would need the network"


def test_zip_carries_only_what_its_pages_load(offline_book):
    """No source maps, search languages, raw runtime files (the data scripts carry
    them), embed pages or crawler files; the fonts are the subsets fonts.css names."""
    root = Path(offline_book[len("file://"):])
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert not [f for f in files if f.endswith(".map") or "/lunr/" in f or f.startswith(("embed/", "sitemap"))]
    assert sorted(f for f in files if f.startswith("assets/pyodide/")) == [
        "assets/pyodide/pyodide.asm.js", "assets/pyodide/pyodide.js"]  # the main-thread fallback's scripts
    assert {"search/search_index.js", "search/search_index.json"} <= files  # file://, http
    fonts_css = (root / "assets/vendor/fonts/fonts.css").read_text()
    fonts = {f for f in files if f.startswith("assets/vendor/fonts/") and f.endswith(".woff2")}
    assert fonts == {"assets/vendor/fonts/" + u[2:] for u in re.findall(r"url\((\./[^)]+)\)", fonts_css)}


def test_unzipped_copy_served_over_http_runs_simulations(browser, offline_book):
    """Someone serves the unzipped folder with a web server: the runtime reads the
    data scripts there too (the raw runtime files are not in the zip)."""
    server, base = serve(Path(offline_book[len("file://"):]))
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base + CHAPTER)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    assert page.evaluate("window.NeuralOdesBook.runtimeMode") == "file-worker"
    watch.assert_clean()
    context.close()
    server.shutdown()


def test_navigation_math_fonts_and_figures(page, offline_book):
    watch = PageWatch(page, offline_book)
    page.goto(offline_book + "index.html")
    expect(page.locator("h1").first).to_contain_text("Neural ODEs")
    page.locator(".book-cards a", has_text="Euler").click()
    page.wait_for_url("**/" + CHAPTER)
    expect(page.locator(".katex").first).to_be_attached()
    assert page.locator(".arithmatex:not(:has(.katex))").count() == 0, "math left untypeset"
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Roboto')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Roboto') && f.status === 'loaded')")
    img = page.locator('[data-sim="euler"] img.book-sim__fallback')
    img.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    # The sidebar leads on to the next chapter, as a file.
    page.locator("nav.md-nav--primary a", has_text="Home").first.click()
    page.wait_for_url("**/index.html")
    watch.assert_clean()


def test_search(page, offline_book):
    watch = PageWatch(page, offline_book)
    page.goto(offline_book + CHAPTER)
    page.locator("label.md-search__icon, .md-search__input").first.click(force=True)
    page.locator(".md-search__input").fill("Euler")
    result = page.locator(".md-search-result__item").first
    expect(result).to_be_visible(timeout=30_000)
    assert page.locator(".md-search-result__item").count() >= 1
    watch.assert_clean()


def test_simulation_runs_live(page, offline_book):
    watch = PageWatch(page, offline_book)
    page.goto(offline_book + CHAPTER)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    assert page.evaluate("window.NeuralOdesBook.runtimeMode") == "file-worker"
    frame = int(sim.get_attribute("data-frame"))
    assert frame >= 1
    for dt, steps in ((0.25, "4"), (0.05, "20")):
        sim.locator('input[name="dt"]').fill(str(dt))
        expect(sim.locator('[data-readout="steps"]')).to_have_text(steps)
        for name, text in expected_text(dt).items():
            expect(sim.locator(f'[data-readout="{name}"]')).to_have_text(text)
        assert int(sim.get_attribute("data-frame")) > frame
        frame = int(sim.get_attribute("data-frame"))
    watch.assert_clean()


def test_quiz(page, offline_book):
    watch = PageWatch(page, offline_book)
    page.goto(offline_book + CHAPTER)
    quiz = page.locator('[data-quiz="1-1"]')
    quiz.locator('input[type="radio"]').nth(1).check()
    expect(quiz.locator("[data-feedback]")).to_have_attribute("data-feedback", "right")
    watch.assert_clean()


def test_endless_loop_is_stopped_from_file(page, offline_book):
    """The playground's own runtime has a time limit on file:// too: its worker
    (started from a blob: URL) is terminated and the next run starts afresh."""
    page.goto(offline_book + "chapters/09-cheat-sheet.html")
    sim = page.locator('[data-sim="playground"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('textarea[name="code"]').fill("while True:\n    pass")
    sim.locator('button[name="run"]').click()
    expect(sim.locator(".book-sim__status")).to_contain_text("stopped after", timeout=60_000)
    frame = int(sim.get_attribute("data-frame"))
    sim.locator('textarea[name="code"]').fill("return -h")
    sim.locator('button[name="run"]').click()
    page.wait_for_function("([el, f]) => Number(el.dataset.frame) > f",
                           arg=[sim.element_handle(), frame], timeout=READY_TIMEOUT)
    assert page.evaluate("window.NeuralOdesBook.runtime.starts") <= 1


def test_main_thread_fallback(page, offline_book):
    """A browser that refuses blob: workers still runs the simulations, on the page."""
    page.add_init_script("""(() => {
        const Native = window.Worker;
        window.Worker = function (url, options) {
            if (String(url).startsWith("blob:") && document.currentScript === null && window.__noBlobWorkers)
                throw new DOMException("blob workers refused", "SecurityError");
            return new Native(url, options);
        };
        window.Worker.prototype = Native.prototype;
        window.__noBlobWorkers = false;
        document.addEventListener("DOMContentLoaded", () => { window.__noBlobWorkers = true; });
    })()""")
    page.goto(offline_book + CHAPTER)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    assert page.evaluate("typeof window.loadPyodide") == "function", "Pyodide should run on the page"
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    assert page.evaluate("window.NeuralOdesBook.runtimeMode") == "main-thread"


def test_main_thread_fallback_runs_one_pyodide(page, offline_book):
    """Refused blob: workers and two runtimes on one page (the playground's own and
    the shared one): both run, on the page, on one Pyodide."""
    page.add_init_script("""(() => {
        const Native = window.Worker;
        window.Worker = function (url, options) {
            if (String(url).startsWith("blob:")) throw new DOMException("blob workers refused", "SecurityError");
            return new Native(url, options);
        };
        window.Worker.prototype = Native.prototype;
        // Count the Python backends started on the page (worker.js's createBackend:
        // each one loads its own Pyodide).
        window.__backends = 0;
        let create;
        window.NeuralOdesBook = {};
        Object.defineProperty(window.NeuralOdesBook, "createBackend", {
            configurable: true,
            get: () => create && ((...args) => { window.__backends += 1; return create(...args); }),
            set: (fn) => { create = fn; },
        });
    })()""")
    page.goto(offline_book + "chapters/09-cheat-sheet.html")
    sim = page.locator('[data-sim="playground"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    scene = page.evaluate("window.NeuralOdesBook.runtime.run('euler', {dt: 0.25})")
    assert scene["readouts"]["steps"]["text"] == "4"
    frame = int(sim.get_attribute("data-frame"))
    sim.locator('textarea[name="code"]').fill("return -h")
    sim.locator('button[name="run"]').click()
    page.wait_for_function("([el, f]) => Number(el.dataset.frame) > f",
                           arg=[sim.element_handle(), frame], timeout=READY_TIMEOUT)
    assert page.evaluate("window.__backends") == 1
