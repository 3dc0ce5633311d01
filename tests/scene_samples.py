"""Scenes the renderer tests draw with both renderers (matplotlib in
tests/site/test_image_mark.py, the canvas in tests/e2e/test_canvas_image_mark.py)."""

from neural_odes.scene import image, panel, points, scene

# Levels bottom-first: the bottom-left quadrant is 255, the rest 0; a ramp of two vivid roles.
QUADRANT = [[255, 255, 0, 0], [255, 255, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
RAMP = ("accent", "primary")


def quadrant_scene():
    """The QUADRANT image over the extent (0, 1, 0, 1) of a (-1, 2) x (-1, 2) panel,
    with two "good" markers at (-0.5, -0.5) and (1.5, 1.5) that calibrate where
    data coordinates land on a picture."""
    mark = image(QUADRANT, extent=(0.0, 1.0, 0.0, 1.0), colors=RAMP)
    marker = points([-0.5, 1.5], [-0.5, 1.5], color="good", size=3.0)
    return scene([panel([mark, marker], xlim=(-1.0, 2.0), ylim=(-1.0, 2.0), equal_aspect=True,
                        legend=False)], {}, alt="A test pattern: one quadrant of a square in one colour.")
