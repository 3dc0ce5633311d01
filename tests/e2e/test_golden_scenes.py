"""Golden scenes: both renderers draw the same scenes at the same pixel size and
must agree, colour role by colour role.

matplotlib (site_hooks/figures/renderer.py, the fallback PNG) and the canvas (canvas.js in
Chromium) draw each scene of ``scene_samples.golden_scenes()`` at the nominal
figure size of scene.py's STYLE (640 x 400 CSS pixels at 1.6875, 1080 x 675
pixels), in both palettes. Each picture is laid over the theme's background and
every pixel is given to the colour role it is a blend of (background to role,
which is what antialiasing makes), with its coverage. Then, per role:

* **ink**: the total coverage (pixels of ink) of the two pictures agrees within
  ``INK`` (a ratio); a disc 10 % wider has 21 % more ink;
* **place**: the two coverage maps, each blurred by a Gaussian of ``BLUR_PX``
  pixels (to forgive antialiasing and half-pixel snapping), differ by at most
  ``PLACE`` in relative L1 distance, sum |a - b| / sum (a + b): 0 when the ink lies
  in the same places, 1 when nowhere the same. A dash pattern of another period
  puts dashes where the other has gaps; a mark moved by a few pixels no longer
  overlaps itself.

Roles are compared by what they draw, each with its own tolerances (``KINDS``):
"mark" for a scene's marks (each scene gives its marks distinct roles); "thin"
for the grid and the axis lines ("grid", "muted"), one CSS pixel wide, which
the canvas puts on whole CSS pixels and matplotlib on whole device pixels (up to
a device pixel apart); "text" for roles that carry text ("fg": tick labels, axis
labels, legend text; a scene's text mark), drawn in different fonts (the canvas
has the vendored Roboto; matplotlib cannot read woff2 and uses DejaVu Sans), so
compared coarsely. The tolerances were set from the measured agreement (printed
on failure) with room to spare; breaking one constant on one side (a dash of
[5, 3] in place of [6, 4], markers 10 % wider, an arrowhead of 8 px in place of 6,
bars of 0.7 in place of 0.6, a mark moved by 2 CSS pixels) fails them.
"""

import base64
import io

import matplotlib.image
import numpy as np
import pytest

from browser_checks import PageWatch
from neural_odes.scene import STYLE
from scene_samples import golden_scenes
from site_hooks.figures import renderer as figures
from site_hooks.figures.palette import THEMES

pytestmark = pytest.mark.browser

FIGURE = STYLE["figure"]
SIZE = (round(FIGURE["height"] * FIGURE["pixel_ratio"]), round(FIGURE["width"] * FIGURE["pixel_ratio"]))
ROLES = ("fg", "muted", "primary", "accent", "good", "bad", "grid")
#: kind of comparison: (ink tolerance, place tolerance, blur in device pixels)
KINDS = {"mark": (0.10, 0.13, 2.0), "thin": (0.25, 0.30, 3.0), "text": (0.35, 0.30, 6.0)}
AXES = {"fg": "text", "muted": "thin", "grid": "thin"}
#: what each golden scene's roles draw (scene_samples.golden_scenes)
SCENE_ROLES = {
    "lines": {**AXES, "primary": "mark", "accent": "mark", "good": "mark", "bad": "mark"},
    "marks": {**AXES, "primary": "mark", "accent": "mark", "good": "mark", "bad": "text"},
    "two-panels": {**AXES, "primary": "mark", "accent": "mark", "good": "mark"},
    "heat-map": {**AXES, "primary": "mark", "accent": "mark", "good": "mark"},
}
# A pixel is a blend of background and a role when it lies within this many
# levels (0-255, RGB distance) of the segment between them.
BLEND_TOLERANCE = 40

# Draws a scene on a canvas of the nominal CSS size at the nominal pixel ratio,
# with the book's font loaded, and returns the PNG as a data URL.
DRAW = """async ([scene, dark]) => {
  document.body.setAttribute('data-md-color-scheme', dark ? 'slate' : 'default');
  const style = window.NeuralOdesBook.sceneStyle.style;
  await document.fonts.load(`${style.font.size}px ${style.font.family}`);
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${style.figure.width}px;height:${style.figure.height}px;position:fixed;left:0;top:0`;
  document.body.appendChild(canvas);
  window.NeuralOdesBook.drawScene(canvas, scene, { scale: style.figure.pixel_ratio });
  const url = canvas.toDataURL('image/png');
  canvas.remove();
  return url;
}"""


def _rgb(hex_color):
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _read_png(data):
    rgba = matplotlib.image.imread(io.BytesIO(data))
    return (rgba * 255.0) if rgba.dtype != np.uint8 else rgba.astype(float)


def coverage(rgba, theme):
    """{role: coverage map}: each pixel, laid over the background, given to the role
    it is nearest to being a blend of, with how far along background -> role it is."""
    colors = THEMES[theme]
    bg = _rgb(colors["background"])
    alpha = rgba[..., 3:4] / 255.0
    pixel = rgba[..., :3] * alpha + bg * (1 - alpha) - bg  # offset from the background
    best = np.full(pixel.shape[:2], np.inf)
    owner = np.full(pixel.shape[:2], -1)
    amount = np.zeros(pixel.shape[:2])
    for k, role in enumerate(ROLES):
        axis = _rgb(colors[role]) - bg
        t = np.clip(pixel @ axis / (axis @ axis), 0.0, 1.0)
        miss = np.linalg.norm(pixel - t[..., None] * axis, axis=-1)
        better = (miss < best) & (miss <= BLEND_TOLERANCE) & (t > 0.05)
        best[better], owner[better], amount[better] = miss[better], k, t[better]
    return {role: np.where(owner == k, amount, 0.0) for k, role in enumerate(ROLES)}


def _blur(image, sigma):
    """Separable Gaussian blur (numpy only)."""
    radius = int(3 * sigma)
    x = np.arange(-radius, radius + 1)
    kernel = np.exp(-x ** 2 / (2 * sigma ** 2))
    kernel /= kernel.sum()
    padded = np.pad(image, radius)
    rows = np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="valid"), 1, padded)
    return np.apply_along_axis(lambda c: np.convolve(c, kernel, mode="valid"), 0, rows)


def compare(a, b, blur):
    """(ink ratio - 1, blurred relative L1 distance) of two coverage maps."""
    ink_a, ink_b = a.sum(), b.sum()
    if ink_a == 0 and ink_b == 0:
        return 0.0, 0.0
    if min(ink_a, ink_b) == 0:
        return np.inf, 1.0
    ga, gb = _blur(a, blur), _blur(b, blur)
    return max(ink_a, ink_b) / min(ink_a, ink_b) - 1, np.abs(ga - gb).sum() / (ga + gb).sum()


def differences(mpl_png, canvas_png, theme, roles):
    """{role: (ink, place, ink tolerance, place tolerance)} for the ``roles``
    ({role: kind}) of a scene."""
    mpl, canvas = _read_png(mpl_png), _read_png(canvas_png)
    assert mpl.shape[:2] == canvas.shape[:2] == SIZE, (mpl.shape, canvas.shape, SIZE)
    cov_mpl, cov_canvas = coverage(mpl, theme), coverage(canvas, theme)
    out = {}
    for role, kind in roles.items():
        ink_tol, place_tol, blur = KINDS[kind]
        out[role] = (*compare(cov_mpl[role], cov_canvas[role], blur), ink_tol, place_tol)
    return out


def canvas_png(page, scene, theme):
    url = page.evaluate(DRAW, [scene, theme == "dark"])
    return base64.b64decode(url.split(",", 1)[1])


@pytest.fixture(scope="module")
def golden_page(browser, browser_context_args, site_url):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    watch = PageWatch(page, site_url)
    page.goto(site_url)
    page.wait_for_function("() => window.NeuralOdesBook && window.NeuralOdesBook.drawScene")
    yield page
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(golden_scenes()))
def test_both_renderers_draw_the_same_picture(golden_page, name, theme):
    scene = golden_scenes()[name]
    found = differences(figures.render_png(scene, theme), canvas_png(golden_page, scene, theme), theme,
                        SCENE_ROLES[name])
    report = "\n".join(f"  {role:8s} ink {ink:6.3f} (<= {ink_tol})  place {place:6.3f} (<= {place_tol})"
                       for role, (ink, place, ink_tol, place_tol) in found.items())
    bad = [role for role, (ink, place, ink_tol, place_tol) in found.items() if ink > ink_tol or place > place_tol]
    assert not bad, f"{name} ({theme}): the renderers differ in {bad}\n{report}"


def test_the_comparison_sees_a_moved_mark():
    """The measure itself: a picture against a copy with one role's ink shifted by
    3 CSS pixels fails; against itself it is exact."""
    scene = golden_scenes()["marks"]
    rgba = _read_png(figures.render_png(scene, "light"))
    cov = coverage(rgba, "light")
    ink_tol, place_tol, blur = KINDS["mark"]
    assert compare(cov["primary"], cov["primary"], blur) == (0.0, 0.0)
    moved = np.roll(cov["primary"], round(3 * FIGURE["pixel_ratio"]), axis=1)
    assert compare(cov["primary"], moved, blur)[1] > place_tol
