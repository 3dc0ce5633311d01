"""The apparatus in the browser, on the small book of tests/apparatus_book.py:
axe finds no serious or critical violation with every solution and derivation
opened, in light and dark; a glossary term and a citation show their hover text;
a solution opens on a click."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from apparatus_book import build_book
from static_server import serve

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}
PAGES = ["chapters/01-fixture/", "chapters/02-second/", "references/", "glossary/", "notation/"]


@pytest.fixture(scope="module")
def book_url(tmp_path_factory):
    result, site = build_book(tmp_path_factory.mktemp("apparatus-book"))
    assert result.returncode == 0, result.stdout + result.stderr
    server, base = serve(site)
    yield base
    server.shutdown()


def violations(page):
    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["help"])
            for v in results.response["violations"] if v["impact"] in BLOCKING]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", PAGES)
def test_no_serious_violations_with_everything_open(browser, book_url, url, scheme):
    context = browser.new_context(color_scheme=scheme, service_workers="block")
    page = context.new_page()
    try:
        page.goto(book_url + url)
        assert violations(page) == []
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert violations(page) == []
    finally:
        context.close()


def test_solution_opens_and_terms_show_their_definition(browser, book_url):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(book_url + "chapters/01-fixture/")
        solution = page.locator("#ex-1-1 details")
        expect(solution).not_to_have_attribute("open", "")
        expect(solution.locator(".book-exercise__solution-body")).to_be_hidden()
        solution.locator("summary").click()
        expect(solution.locator(".book-exercise__solution-body")).to_be_visible()
        expect(solution.locator(".katex").first).to_be_visible()  # math typeset inside the solution
        # Material's tooltips (content.tooltips) show the definition on hover.
        term = page.locator("a.book-term").first
        term.hover()
        tooltip = page.locator(".md-tooltip2--active, .md-tooltip2")
        expect(tooltip.filter(has_text="residual network").first).to_be_visible()
        cite = page.locator("a.book-cite").first
        cite.hover()
        expect(page.locator(".md-tooltip2").filter(has_text="Deep Residual Learning").first).to_be_visible()
    finally:
        context.close()
