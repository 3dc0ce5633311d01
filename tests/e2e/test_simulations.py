"""Every simulation of the book, live in Chromium: each control is moved, the
drawing changes, and the readouts equal what the same model returns in CPython."""

import json

import pytest
from playwright.sync_api import expect

from book_pages import all_pages, quiz_pages, simulations
from browser_checks import PageWatch
from neural_odes import sims

pytestmark = pytest.mark.browser
READY_TIMEOUT = 90_000
# A textarea gets this replacement text (the playground's code box: a valid body of f(h)).
TEXT_VALUES = {"code": "return -0.5 * h"}


def expected(sim_id, params):
    return {name: r["text"] for name, r in sims.run(sim_id, params)["readouts"].items()}


def drawing_changes(sim_id, before, after):
    strip = lambda s: json.dumps(s["panels"], sort_keys=True)
    return strip(sims.run(sim_id, before)) != strip(sims.run(sim_id, after))


class LiveSim:
    def __init__(self, page, root, spec):
        self.page, self.root, self.spec = page, root, spec
        self.params = dict(spec.defaults)

    def frame(self):
        return int(self.root.get_attribute("data-frame"))

    def pixels(self):
        return self.root.locator("canvas").evaluate("c => c.toDataURL()")

    def readouts(self):
        return {el.get_attribute("data-readout"): el.inner_text()
                for el in self.root.locator("[data-readout]").all()}

    def settle(self, frame_before):
        # The frame counter must move, then the readouts must show the new values.
        self.page.wait_for_function("([el, f]) => Number(el.dataset.frame) > f",
                                    arg=[self.root.element_handle(), frame_before], timeout=30_000)
        want = expected(self.spec.id, self.params)
        for name in self.readouts():
            expect(self.root.locator(f'[data-readout="{name}"]')).to_have_text(want[name], timeout=30_000)


def control_moves(spec):
    """(name, description) of each way the reader can change this simulation."""
    moves = [(name, c.kind) for name, c in spec.controls.items()
             if not (c.kind == "button" and c.action == "run")]
    if spec.pointer:
        moves.append((spec.pointer.param, "pointer"))
    return moves


CASES = [(spec, url, name, kind) for spec, url in simulations() for name, kind in control_moves(spec)]


@pytest.mark.parametrize("spec, url, name, kind", CASES,
                         ids=[f"{s.id}-{n}" for s, _, n, _ in CASES])
def test_control_changes_the_simulation(page, site_url, spec, url, name, kind):
    watch = PageWatch(page, site_url)
    page.goto(site_url + url)
    root = page.locator(f'[data-sim="{spec.id}"]').first
    root.scroll_into_view_if_needed()
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim = LiveSim(page, root, spec)
    assert sim.readouts() == {k: v for k, v in expected(spec.id, sim.params).items() if k in sim.readouts()}
    before_params, before_pixels, before_readouts, frame = dict(sim.params), sim.pixels(), sim.readouts(), sim.frame()

    control = spec.controls.get(name)
    element = root.locator(f'[name="{name}"]').first
    if kind == "range":
        value = control.max if control.value != control.max else control.min
        element.fill(str(value))
        sim.params[name] = value
    elif kind == "select":
        value = next(o for o in control.options if o != control.value)
        element.select_option(value)
        sim.params[name] = value
    elif kind == "checkbox":
        element.click()
        sim.params[name] = not control.value
    elif kind == "textarea":
        element.fill(TEXT_VALUES[name])
        sim.params[name] = TEXT_VALUES[name]
        root.locator('button[data-action="run"]').click()
    elif kind == "button":  # animate: sweeps its slider to the end
        target = spec.controls[control.target]
        element.click()
        expect(root.locator(f'input[name="{control.target}"]')).to_have_value(f"{target.max:g}", timeout=30_000)
        sim.params[control.target] = target.max
    elif kind == "pointer":
        box = root.locator("canvas").bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.35)
        page.wait_for_function("([el, f]) => Number(el.dataset.frame) > f", arg=[root.element_handle(), frame])
        points = page.evaluate("(sid) => NeuralOdesBook.pageSimulations().find(s => s.id === sid).points", spec.id)
        assert len(points) == 1
        sim.params[name] = points
    sim.settle(frame)
    page.wait_for_timeout(1200)  # let any reveal animation finish before comparing pixels
    if drawing_changes(spec.id, before_params, sim.params):
        assert sim.pixels() != before_pixels, f"moving {name} did not change the drawing"
    changed = {k for k, v in expected(spec.id, sim.params).items() if expected(spec.id, before_params).get(k) != v}
    for readout in changed & set(before_readouts):
        assert sim.readouts()[readout] != before_readouts[readout], readout
    watch.assert_clean()


@pytest.mark.parametrize("url", quiz_pages())
def test_every_quiz_answers_right_and_wrong(page, site_url, url):
    watch = PageWatch(page, site_url)
    page.goto(site_url + url)
    quizzes = page.locator("[data-quiz]")
    assert quizzes.count() > 0
    for i in range(quizzes.count()):
        quiz = quizzes.nth(i)
        feedback = quiz.locator("[data-feedback]")
        expect(feedback).to_have_attribute("data-feedback", "")
        quiz.locator('input[data-correct="false"]').first.check()
        expect(feedback).to_have_attribute("data-feedback", "wrong")
        assert len(feedback.inner_text()) > 20
        quiz.locator('input[data-correct="true"]').check()
        expect(feedback).to_have_attribute("data-feedback", "right")
        assert feedback.inner_text().startswith("Right.")
    watch.assert_clean()


@pytest.mark.parametrize("url", all_pages())
def test_page_is_clean(page, site_url, url):
    watch = PageWatch(page, site_url)
    page.goto(site_url + url)
    page.wait_for_load_state("networkidle")
    watch.assert_clean()
