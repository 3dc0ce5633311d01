"""Embeds: a course page on another origin puts a chapter and a simulation in
iframes with the snippet a chapter page offers; both run live, and each iframe
takes the height its page reports (on load and when its size changes). Messages
that do not come from a book iframe are ignored."""

from html import unescape
import re

import pytest
from playwright.sync_api import expect

from browser_checks import PageWatch
from static_server import serve

pytestmark = pytest.mark.browser

SLUG = "01-resnet-is-euler"
BUILD_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default site_url, used by the test build
READY_TIMEOUT = 90_000


def snippets(built_site):
    """The code boxes of chapter 1's embed snippet, as HTML."""
    html = (built_site / "chapters" / SLUG / "index.html").read_text()
    box = re.search(r'<details class="book-embed-snippet".*?</details>', html, re.S)
    assert box, "chapter 1 shows no embed snippet"
    return [unescape(c) for c in re.findall(r"<code>(.*?)</code>", box.group(0), re.S) if "<iframe" in unescape(c)]


@pytest.fixture(scope="module")
def host_url(built_site, site_url, tmp_path_factory):
    """A course page on a second origin (127.0.0.2) embedding chapter 1 and its simulation."""
    codes = snippets(built_site)
    chapter = next(c for c in codes if f"embed/chapters/{SLUG}/" in c)
    sim = next(c for c in codes if "embed/sims/euler/" in c)
    body = "\n".join(c.replace(BUILD_SITE_URL, site_url) for c in (chapter, sim))
    folder = tmp_path_factory.mktemp("host")
    (folder / "index.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'><title>Course</title></head>"
        f"<body style='margin:0'><h1>A course page</h1><div id='box' style='width:900px'>{body}</div></body></html>")
    server, base = serve(folder, host="127.0.0.2")
    yield base
    server.shutdown()


def test_every_chapter_and_simulation_has_an_embed_page(built_site):
    from book_pages import simulations
    for spec, page in simulations():
        assert (built_site / "embed" / "sims" / spec.id / "index.html").is_file(), spec.id
        if page.startswith("chapters/"):
            assert (built_site / "embed" / page / "index.html").is_file(), page
    page = (built_site / "embed" / "sims" / "euler" / "index.html").read_text()
    assert "md-header" not in page and "md-sidebar" not in page, "an embed has no site navigation"


def scroll_host_to(page, selector, element):
    """Scroll the host page to an element inside a cross-origin iframe, as a reader
    would (Playwright's own scrolling waits for animation frames, which Chromium
    throttles in a cross-origin iframe outside the viewport)."""
    top = element.evaluate("e => e.getBoundingClientRect().top")
    page.evaluate("([sel, top]) => window.scrollTo(0, document.querySelector(sel).getBoundingClientRect().top"
                  " + window.scrollY + top - 100)", [selector, top])


def frame_height(page, selector):
    return page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().height")


def reported(frame):
    return int(frame.locator("html").get_attribute("data-embed-height"))


def test_chapter_and_simulation_embedded_on_another_origin(page, host_url, site_url):
    watch = PageWatch(page, site_url)
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(host_url)
    for src, selector in ((f"embed/chapters/{SLUG}/", f'iframe[src*="embed/chapters/{SLUG}/"]'),
                          ("embed/sims/euler/", 'iframe[src*="embed/sims/euler/"]')):
        frame = page.frame_locator(selector)
        sim = frame.locator('[data-sim="euler"]')
        scroll_host_to(page, selector, sim)
        expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
        sim.locator('input[name="dt"]').fill("0.25")
        expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
        # The iframe is as tall as the page inside says it is.
        page.wait_for_function(
            "([sel]) => { const f = document.querySelector(sel); const h = Number(f.dataset.height); "
            "return h > 100 && Math.abs(f.getBoundingClientRect().height - h) < 1; }",
            arg=[selector])
        assert abs(frame_height(page, selector) - reported(frame)) < 1
    chapter = f'iframe[src*="embed/chapters/{SLUG}/"]'
    assert frame_height(page, chapter) > 1500, "the chapter should be shown whole, not in a scroll box"
    # Narrower host column: the text reflows taller and the iframe follows.
    before = frame_height(page, chapter)
    page.evaluate("document.getElementById('box').style.width = '420px'")
    page.wait_for_function(f"document.querySelector('{chapter}').getBoundingClientRect().height > {before + 100}")
    assert abs(frame_height(page, chapter) - reported(page.frame_locator(chapter))) < 1
    assert watch.page_errors == [] and watch.console_errors == []
    for url in watch.requests:
        assert url.startswith((site_url, host_url, "data:", "blob:")), f"request left both origins: {url}"


def test_messages_from_other_windows_are_ignored(page, host_url):
    page.goto(host_url)
    sim = 'iframe[src*="embed/sims/euler/"]'
    page.wait_for_function(f"Number(document.querySelector('{sim}').dataset.height) > 100")
    height = frame_height(page, sim)
    # The host page itself, and a foreign iframe, send well-formed resize messages.
    page.evaluate("""() => {
        window.postMessage({source: 'neural-odes-book', type: 'resize', height: 5}, '*');
        const f = document.createElement('iframe');
        f.srcdoc = "<script>parent.postMessage({source: 'neural-odes-book', type: 'resize', height: 7}, '*')<\\/script>";
        document.body.appendChild(f);
    }""")
    page.wait_for_timeout(500)
    assert frame_height(page, sim) == height


def test_host_sets_the_theme(page, host_url):
    page.goto(host_url)
    sim = 'iframe[src*="embed/sims/euler/"]'
    page.wait_for_function(f"Number(document.querySelector('{sim}').dataset.height) > 100")
    page.evaluate("window.NeuralOdesBookEmbedHost.setTheme('dark')")
    expect(page.frame_locator(sim).locator("body")).to_have_attribute("data-md-color-scheme", "slate")
