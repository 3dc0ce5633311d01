"""Scenes the renderer tests draw with both renderers (matplotlib in
tests/site/test_image_mark.py, the canvas in tests/e2e/test_canvas_image_mark.py;
both in tests/e2e/test_golden_scenes.py)."""

import numpy as np

from neural_odes.scene import arrows, bars, image, line, panel, points, scene, text

# Levels bottom-first: the bottom-left quadrant is 255, the rest 0; a ramp of two vivid roles.
QUADRANT = [[255, 255, 0, 0], [255, 255, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
RAMP = ("accent", "primary")


def quadrant_scene():
    """The QUADRANT image over the extent (0, 1, 0, 1) of a (-1, 2) x (-1, 2) panel,
    with two "good" markers at (-0.5, -0.5) and (1.5, 1.5) that calibrate where
    data coordinates land on a picture."""
    mark = image(QUADRANT, extent=(0.0, 1.0, 0.0, 1.0), colors=RAMP)
    marker = points([-0.5, 1.5], [-0.5, 1.5], color="good", size=4.0)  # radius 4 px: over 100 pixels each
    return scene([panel([mark, marker], xlim=(-1.0, 2.0), ylim=(-1.0, 2.0), equal_aspect=True,
                        legend=False)], {}, alt="A test pattern: one quadrant of a square in one colour.")


def golden_scenes():
    """{name: scene}: small scenes that together use every mark kind, dash, marker,
    text alignment, both scales and the layout's variants (title, two panels, equal
    aspect, bars' categories, legend). The marks of one scene have distinct colour
    roles, so each role's ink can be compared on its own; "fg" and "muted" are left
    to the axes (labels, tick labels, legend text; axis lines)."""
    t = np.linspace(0.0, 10.0, 200)
    lines = scene([panel([
        line(t, 0.2 + 0.0 * t, color="primary", width=2.0, label="solid"),
        line(t, 0.5 + 0.0 * t, color="accent", width=2.0, dash="dashed", label="dashed"),
        line(t, 0.8 + 0.0 * t, color="good", width=2.5, dash="dotted", label="dotted"),
        line(t, 0.65 + 0.12 * np.sin(t), color="bad", width=1.5),
    ], xlim=(0.0, 10.0), ylim=(0.0, 1.0), xlabel="time t", ylabel="state h", title="three dashes")],
        {}, alt="Four lines: solid, dashed, dotted and a wave.")
    angle = np.linspace(0.0, 2 * np.pi, 9)[:-1]
    marks = scene([panel([
        points(np.cos(angle), np.sin(angle), color="primary", size=5.0, label="discs"),
        points(0.5 * np.cos(angle), 0.5 * np.sin(angle), color="accent", size=4.0, marker="x", label="crosses"),
        arrows([-1.6, -1.6, 1.2, 1.2], [-1.2, 1.0, -1.2, 1.0], [0.5, 0.4, 0.0, -0.3], [0.0, 0.3, 0.5, -0.2],
               color="good"),
        text(0.0, 0.0, "centre", color="bad", align="center"),
        text(-1.9, -1.7, "left", color="bad", align="left"),
        text(1.9, -1.7, "right", color="bad", align="right"),
    ], xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), equal_aspect=True, xlabel="h1", ylabel="h2")],
        {}, alt="Discs and crosses on two circles, four arrows and three words.")
    decades = np.logspace(0, 3, 13)
    two = scene([
        panel([bars(["one", "two", "three"], [3.0, 7.5, 5.0], color="primary", label="kB")],
              ylim=(0.0, 10.0), xlim=(0.0, 1.0), ylabel="memory", title="bars"),
        panel([line(decades, 1.0 / decades, color="accent", width=2.0, label="1/n"),
               points(decades, 0.5 / decades, color="good", size=3.0, label="n/2")],
              xlim=(1.0, 1000.0), ylim=(1e-4, 1.0), xscale="log", yscale="log", xlabel="steps n",
              title="log axes"),
    ], {}, alt="Three bars, and a line and points on log axes.")
    heat = quadrant_scene()
    heat["panels"][0]["marks"].append(line([-0.8, 1.8], [0.8, 0.8], color="good", width=2.0))  # over the image
    return {"lines": lines, "marks": marks, "two-panels": two, "heat-map": heat}
