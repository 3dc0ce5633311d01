"""The canvas renderer draws the heat-map mark as scene.py specifies and as the
matplotlib renderer does (tests/site/test_image_mark.py draws the same scene)."""

import numpy as np
import pytest

from browser_checks import PageWatch
from scene_samples import quadrant_scene
from site_hooks.figures.palette import THEMES

pytestmark = pytest.mark.browser

# Draws the scene on a fresh 600 x 480 canvas and reads the colour at each data point.
DRAW = """([scene, probes, dark]) => {
  document.body.setAttribute('data-md-color-scheme', dark ? 'slate' : 'default');
  const canvas = document.createElement('canvas');
  canvas.style.cssText = 'width:600px;height:480px;position:fixed;left:0;top:0';
  document.body.appendChild(canvas);
  const [fr] = window.NeuralOdesBook.drawScene(canvas, scene);
  const ctx = canvas.getContext('2d'), dpr = canvas.width / 600;
  const out = probes.map(([x, y]) => Array.from(
    ctx.getImageData(Math.round(fr.x(x) * dpr), Math.round(fr.y(y) * dpr), 1, 1).data));
  canvas.remove();
  return out;
}"""

# (data point, what it must show): the bottom-left quadrant is level 255, the rest 0
PROBES = [
    ((0.25, 0.25), "primary"),  # bottom-left: rows are bottom-first
    ((0.25, 0.75), "accent"),  # top-left
    ((0.75, 0.25), "accent"),  # bottom-right: columns are left-first
    ((0.75, 0.75), "accent"),
    ((0.5, 0.25), "middle"),  # halfway between a 255 and a 0 cell centre: blended
    ((-0.4, 0.5), "outside"),  # left of the extent
    ((1.4, 0.5), "outside"),  # right of it
    ((0.5, 1.4), "outside"),  # above it
]


def rgb(h):
    return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_canvas_draws_the_image_mark_as_specified(page, site_url, theme):
    watch = PageWatch(page, site_url)
    page.goto(site_url + "chapters/06-density-flow/")
    page.wait_for_function("() => window.NeuralOdesBook && window.NeuralOdesBook.drawScene")
    colors = THEMES[theme]
    got = page.evaluate(DRAW, [quadrant_scene(), [p for p, _ in PROBES], theme == "dark"])
    for ((x, y), want), pixel in zip(PROBES, got):
        pixel = np.array(pixel[:3])
        if want == "outside":
            for role in ("primary", "accent"):
                assert np.any(np.abs(pixel - rgb(colors[role])) > 20), (x, y, role, pixel)
        elif want == "middle":
            mid = (rgb(colors["primary"]) + rgb(colors["accent"])) / 2
            assert np.all(np.abs(pixel - mid) <= 12), (x, y, pixel, mid)
        else:
            assert np.all(np.abs(pixel - rgb(colors[want])) <= 2), (x, y, want, pixel)
    watch.assert_clean()
