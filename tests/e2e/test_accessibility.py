"""axe-core on every page, in light and dark mode, in every state a reader
reaches: on load, once the simulations are live, after every quiz is answered
wrongly and every control moved to the far end of its range, every solution
and derivation opened, and after every quiz is answered rightly. No serious or
critical accessibility violations in any of them."""

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
        answer_every_quiz(page, correct=False)
        move_every_control(page)
        # Open every closed details (solutions, derivations) by index: a selector
        # on :not([open]) would shift under the loop as each one opens.
        summaries = page.locator("details > summary")
        for n in range(summaries.count()):
            if summaries.nth(n).evaluate("s => !s.parentElement.open"):
                summaries.nth(n).click()
        assert violations(page) == []
        answer_every_quiz(page, correct=True)
        assert violations(page) == []
    finally:
        context.close()


def answer_every_quiz(page, correct):
    for quiz in page.locator("[data-quiz]").all():
        option = quiz.locator(f'input[type="radio"][data-correct="{str(correct).lower()}"]').first
        option.scroll_into_view_if_needed()
        option.check()
        expect(quiz.locator("[data-feedback]")).to_have_attribute("data-feedback", "right" if correct else "wrong")


def move_every_control(page):
    """Each range to its far end, each select to its last option, each checkbox
    flipped; then wait until every simulation has drawn the new state."""
    for root in page.locator("[data-sim]").all():
        frame = int(root.get_attribute("data-frame"))
        moved = False
        for el in root.locator('input[type="range"]').all():
            el.evaluate("e => { e.value = e.max; e.dispatchEvent(new Event('input', {bubbles: true})); }")
            moved = True
        for el in root.locator("select").all():
            el.evaluate("e => { e.selectedIndex = e.options.length - 1; "
                        "e.dispatchEvent(new Event('change', {bubbles: true})); }")
            moved = True
        for el in root.locator('input[type="checkbox"]').all():
            el.click()
            moved = True
        if moved:
            expect(root).not_to_have_attribute("data-frame", str(frame), timeout=60_000)
            expect(root).to_have_attribute("data-state", "ready", timeout=60_000)
