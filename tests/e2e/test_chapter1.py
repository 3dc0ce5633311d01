"""Chapter 1 in a real Chromium, against the built book served on 127.0.0.1."""

import pytest
from playwright.sync_api import expect

from browser_checks import PageWatch
from neural_odes import sims

pytestmark = pytest.mark.browser

CHAPTER = "chapters/01-resnet-is-euler/"
READY_TIMEOUT = 60_000  # ms; a cold start takes a few seconds, CI machines vary


def readouts(sim):
    return {name: sim.locator(f'[data-readout="{name}"]').inner_text() for name in ("steps", "estimate", "error")}


def open_sim(page, site_url):
    page.goto(site_url + CHAPTER)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    return sim


def expected_text(dt):
    return {name: r["text"] for name, r in sims.run("euler", {"dt": dt})["readouts"].items()}


def test_runtime_starts_lazily(page, site_url):
    watch = PageWatch(page, site_url)
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(site_url + CHAPTER)
    page.wait_for_timeout(1500)
    sim = page.locator('[data-sim="euler"]')
    expect(sim).to_have_attribute("data-state", "static")
    expect(sim).to_have_attribute("data-frame", "0")
    assert watch.count("pyodide.asm.wasm") == 0, "the runtime loaded before the simulation came near"
    # The fallback already shows the default settings, computed at build time.
    assert readouts(sim) == expected_text(0.5)
    img = sim.locator("img.book-sim__fallback")
    assert "Euler" in img.get_attribute("alt")
    watch.assert_clean()


def test_slider_redraws_and_readouts_match_cpython(page, site_url):
    watch = PageWatch(page, site_url)
    sim = open_sim(page, site_url)
    frame = int(sim.get_attribute("data-frame"))
    assert frame >= 1
    assert readouts(sim) == expected_text(0.5)
    assert sim.locator("canvas").is_visible() and not sim.locator("img").is_visible()
    for dt, steps in ((0.55, "2"), (0.05, "20"), (1.0, "1"), (0.3, "4")):
        sim.locator('input[name="dt"]').fill(str(dt))
        expect(sim.locator('[data-readout="steps"]')).to_have_text(steps)
        assert readouts(sim) == expected_text(dt)
        assert int(sim.get_attribute("data-frame")) > frame
        frame = int(sim.get_attribute("data-frame"))
    watch.assert_clean()


def test_keyboard_moves_the_slider(page, site_url):
    sim = open_sim(page, site_url)
    frame = int(sim.get_attribute("data-frame"))
    slider = sim.locator('input[name="dt"]')
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(sim.locator('[data-readout="estimate"]')).to_have_text(expected_text(0.45)["estimate"])
    assert int(sim.get_attribute("data-frame")) > frame
    assert sim.get_by_label("step size Δt").count() == 1


def test_latest_value_wins(page, site_url):
    sim = open_sim(page, site_url)
    slider = sim.locator('input[name="dt"]')
    # A burst of moves: the drawing must settle on the last one, not lag behind.
    page.evaluate("""(el) => { for (const v of [0.1, 0.2, 0.3, 0.4, 0.65]) {
        el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); } }""",
                  slider.element_handle())
    expect(sim.locator('[data-readout="estimate"]')).to_have_text(expected_text(0.65)["estimate"])
    page.wait_for_timeout(300)
    assert readouts(sim) == expected_text(0.65)


@pytest.mark.parametrize("choice, verdict", [(1, "right"), (0, "wrong")])
def test_quiz_gives_feedback(page, site_url, choice, verdict):
    watch = PageWatch(page, site_url)
    page.goto(site_url + CHAPTER)
    quiz = page.locator('[data-quiz="1-1"]')
    feedback = quiz.locator("[data-feedback]")
    expect(feedback).to_have_attribute("data-feedback", "")
    expect(feedback).to_have_text("")
    quiz.locator('input[type="radio"]').nth(choice).check()
    expect(feedback).to_have_attribute("data-feedback", verdict)
    text = feedback.inner_text()
    assert text.startswith("Right." if verdict == "right" else "Not quite.") and len(text) > 40
    watch.assert_clean()


def test_instant_navigation_reuses_the_runtime(page, site_url):
    watch = PageWatch(page, site_url)
    open_sim(page, site_url)
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a", has_text="Home").first.click()
    expect(page.locator("h1").first).to_contain_text("Neural ODEs")
    page.locator(".book-cards a", has_text="Euler").click()
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    assert page.evaluate("window.NeuralOdesBook.runtime.starts") == 1
    assert watch.count("pyodide.asm.wasm") == 1
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    watch.assert_clean()


def test_blocked_runtime_keeps_the_fallback(page, site_url):
    page.route("**/assets/pyodide/**", lambda route: route.abort())
    page.goto(site_url + CHAPTER)
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT)
    img = sim.locator("img.book-sim__fallback")
    expect(img).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())
    expect(sim.locator("canvas")).to_be_hidden()
    expect(sim.locator(".book-sim__status")).to_contain_text("could not start")
    assert readouts(sim) == expected_text(0.5)
    assert sim.get_attribute("data-frame") == "0"


def test_drawing_error_restores_the_fallback(page, site_url):
    """A scene the canvas cannot draw: the figure and its readouts come back, the
    state says error, and nothing is left unhandled."""
    watch = PageWatch(page, site_url)
    page.goto(site_url + CHAPTER)
    sim = open_sim(page, site_url)
    page.evaluate("() => { window.NeuralOdesBook.drawScene = () => { throw new Error('broken scene'); }; }")
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim).to_have_attribute("data-state", "error")
    expect(sim.locator("img.book-sim__fallback")).to_be_visible()
    expect(sim.locator("canvas")).to_be_hidden()
    expect(sim.locator(".book-sim__status")).to_contain_text("broken scene")
    assert readouts(sim) == expected_text(0.5)
    assert watch.page_errors == []
