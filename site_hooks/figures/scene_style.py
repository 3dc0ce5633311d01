"""The browser's copy of the scene contract, generated from ``neural_odes.scene``.

``scene_style_js`` writes the mark kinds, their fields and the style constants as
``NeuralOdesBook.sceneStyle``, which canvas.js reads (the script comes before it in
runtime_manifest.PAGE_SCRIPTS); ``scene_style_css`` writes the figure box's aspect
ratio for book.css. The build writes both into the site (at
``runtime_manifest.SCENE_STYLE_SCRIPT`` and ``SCENE_STYLE_CSS``), as it writes
``palette.css``; they are never kept in the repository.
"""

from pathlib import Path

from neural_odes.scene import ANIMATION_FIELDS, MARKS, STYLE

from ..js_template import fill
from .palette import THEMES

__all__ = ["scene_style_js", "scene_style_css"]

TEMPLATE = Path(__file__).with_name("scene_style_template.js")
_HEADER = "Generated from py/neural_odes/scene.py by site_hooks/figures/scene_style.py; do not edit."


def scene_style_js():
    """A classic script setting ``NeuralOdesBook.sceneStyle = {marks, animationFields, style,
    colorRoles}`` (the roles whose colours palette.css sets per theme)."""
    return fill(TEMPLATE, SCENE_STYLE={"marks": MARKS, "animationFields": ANIMATION_FIELDS, "style": STYLE,
                                       "colorRoles": list(THEMES["light"])})


def scene_style_css():
    """``--book-figure-aspect``: the aspect ratio of the nominal canvas, for the figure box."""
    figure = STYLE["figure"]
    return f"/* {_HEADER} */\n:root {{\n  --book-figure-aspect: {figure['width']} / {figure['height']};\n}}\n"
