"""The heat-map mark (scene.image): its contract in scene.py and the matplotlib
renderer. The canvas renderer draws the same test scene in
tests/e2e/test_image_mark.py, checked the same way."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from neural_odes.scene import image, panel
from scene_samples import QUADRANT, quadrant_scene
from site_hooks.figures import renderer as figures
from site_hooks.figures.palette import THEMES

def hex_rgb(h):
    return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)])


# -- the scene contract ---------------------------------------------------------------

def test_image_mark_is_plain_data():
    m = image(np.array([[0, 1.0], [254, 255]]), extent=(0, 2, -1, 1))
    assert m == {"type": "image", "levels": [[0, 1], [254, 255]], "extent": [0.0, 2.0, -1.0, 1.0],
                 "colors": ["background", "primary", "fg"]}


@pytest.mark.parametrize("levels, why", [
    ([[0, 1, 2]], "at least 2 x 2"),
    ([0, 1, 2, 3], "at least 2 x 2"),
    ([[0, 256], [0, 0]], "0 to 255"),
    ([[0, -1], [0, 0]], "0 to 255"),
    ([[0, 0.5], [0, 0]], "whole numbers"),
    ([[0, float("nan")], [0, 0]], "whole numbers"),
    ([["a", "b"], ["c", "d"]], "whole numbers"),
])
def test_bad_levels_raise(levels, why):
    with pytest.raises(ValueError, match="levels"):
        image(levels, extent=(0, 1, 0, 1))


@pytest.mark.parametrize("kwargs", [{"extent": (0, 1, 0)}, {"extent": (1, 0, 0, 1)},
                                    {"extent": (0, 1, 0, float("inf"))}])
def test_bad_extent_raises(kwargs):
    with pytest.raises(ValueError, match="extent"):
        image([[0, 0], [0, 0]], **kwargs)


@pytest.mark.parametrize("colors", [("primary",), ("primary", "purple"), ()])
def test_bad_ramp_raises(colors):
    with pytest.raises(ValueError, match="colors"):
        image([[0, 0], [0, 0]], extent=(0, 1, 0, 1), colors=colors)


def test_an_image_needs_linear_axes():
    mark = image([[0, 0], [0, 0]], extent=(1, 2, 1, 2))
    with pytest.raises(ValueError, match="linear"):
        panel([mark], xlim=(1, 10), ylim=(1, 2), xscale="log")


# -- matplotlib ---------------------------------------------------------------------------

@pytest.mark.parametrize("theme", ["light", "dark"])
def test_matplotlib_maps_levels_rows_and_extent_as_specified(theme):
    colors = THEMES[theme]
    fig, ax = plt.subplots()
    try:
        figures._panel(ax, quadrant_scene()["panels"][0], colors)
        (art,) = ax.get_images()
        assert list(art.get_extent()) == [0.0, 1.0, 0.0, 1.0]
        assert art.origin == "lower"  # the first row of levels at the bottom
        np.testing.assert_array_equal(art.get_array(), QUADRANT)
        ramp = art.get_cmap()
        to_rgb = lambda rgba: np.round(255 * np.array(rgba[:3])).astype(int)  # noqa: E731
        # level l is the colour l / 255 of the way along the ramp
        np.testing.assert_array_equal(to_rgb(ramp(art.norm(0))), hex_rgb(colors["accent"]))
        np.testing.assert_array_equal(to_rgb(ramp(art.norm(255))), hex_rgb(colors["primary"]))
        mid = (hex_rgb(colors["accent"]) + hex_rgb(colors["primary"])) / 2
        assert np.all(np.abs(to_rgb(ramp(art.norm(128))) - mid) <= 1.5)
        assert art.get_interpolation() == "bilinear"
        assert art.zorder < min(a.zorder for a in ax.lines)  # under every other mark
    finally:
        plt.close(fig)


def test_matplotlib_png_shows_the_quadrant_where_it_belongs():
    colors = THEMES["light"]
    png = matplotlib.image.imread(io.BytesIO(figures.render_png(quadrant_scene(), "light")))
    rgb = np.round(255 * png[..., :3]).astype(int)
    opaque = png[..., 3] > 0.99

    def where(role):
        hit = np.all(np.abs(rgb - hex_rgb(colors[role])) <= 2, axis=-1) & opaque
        ys, xs = np.nonzero(hit)
        assert xs.size > 100, role
        return xs, ys

    px, py = where("primary")  # the bottom-left quadrant
    ax_, ay_ = where("accent")  # the other three
    assert px.mean() < ax_.mean() and py.mean() > ay_.mean()  # left of, and below (image y grows down)
    # data -> pixels from the two markers at (-0.5, -0.5) and (1.5, 1.5)
    gx, gy = where("good")
    low, high = (gx < gx.mean()), (gx > gx.mean())
    x0, y0 = gx[low].mean(), gy[low].mean()
    x1, y1 = gx[high].mean(), gy[high].mean()
    to_px = lambda x, y: (x0 + (x + 0.5) / 2 * (x1 - x0), y0 + (y + 0.5) / 2 * (y1 - y0))  # noqa: E731
    left, bottom = to_px(0.0, 0.0)
    right, top = to_px(1.0, 1.0)
    xs, ys = np.concatenate([px, ax_]), np.concatenate([py, ay_])
    # the image covers the extent, 0..1 in a -1..2 panel, and nothing beyond it
    assert xs.min() == pytest.approx(left, abs=3) and xs.max() == pytest.approx(right, abs=3)
    assert ys.max() == pytest.approx(bottom, abs=3) and ys.min() == pytest.approx(top, abs=3)
    # the quadrant's edge lies between the cell centres at 0.25 and 0.75 (bilinear blending)
    assert to_px(0.25, 0)[0] - 3 <= px.max() <= to_px(0.75, 0)[0] + 3
