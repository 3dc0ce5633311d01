"""axe-core on every page, before and after the simulations go live, in light
and dark mode: no serious or critical accessibility violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from book_pages import all_pages

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


def violations(page):
    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["help"])
            for v in results.response["violations"] if v["impact"] in BLOCKING]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", all_pages())
def test_no_serious_violations(browser, site_url, url, scheme):
    context = browser.new_context(color_scheme=scheme, service_workers="block")
    page = context.new_page()
    try:
        page.goto(site_url + url)
        assert violations(page) == []
        # And once every simulation on the page has gone live.
        for root in page.locator("[data-sim]").all():
            root.scroll_into_view_if_needed()
            expect(root).to_have_attribute("data-state", "ready", timeout=90_000)
        assert violations(page) == []
    finally:
        context.close()
