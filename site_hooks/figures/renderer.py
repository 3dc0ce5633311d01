"""The matplotlib renderer: a scene becomes the simulation's fallback figure.

It mirrors the browser's canvas renderer (docs/assets/book/js/canvas.js) mark
for mark, so the figure a reader sees before the runtime loads is the same
drawing the live simulation makes at the default settings.
"""

import hashlib
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
import numpy as np  # noqa: E402

from .palette import THEMES  # noqa: E402

__all__ = ["render_png", "figure_key", "FIGSIZE", "DPI"]

FIGSIZE = (7.2, 4.5)  # inches; 16:10, the aspect ratio of the live canvas
DPI = 150
_DASH = {"solid": "-", "dashed": (0, (5, 3)), "dotted": (0, (1.5, 2.5))}


def _line(ax, m, c):
    ax.plot(m["x"], m["y"], color=c[m["color"]], linewidth=m["width"], linestyle=_DASH[m["dash"]],
            label=m["label"], solid_capstyle="round")


def _points(ax, m, c):
    size = m["size"] * 2.2
    if m["marker"] == "x":
        ax.plot(m["x"], m["y"], linestyle="none", marker="x", markersize=size, markeredgewidth=1.6,
                color=c[m["color"]], label=m["label"])
    else:
        ax.plot(m["x"], m["y"], linestyle="none", marker="o", markersize=size, color=c[m["color"]],
                markeredgecolor=c["background"], markeredgewidth=0.8, label=m["label"])


def _arrows(ax, m, c):
    ax.quiver(m["x"], m["y"], m["u"], m["v"], color=c[m["color"]], angles="xy", scale_units="xy",
              scale=1, width=0.0035, headwidth=4, headlength=5, label=m["label"])


def _bars(ax, m, c):
    ax.bar(m["labels"], m["heights"], color=c[m["color"]], label=m["label"], width=0.6)


def _text(ax, m, c):
    ax.text(m["x"], m["y"], m["text"], color=c[m["color"]], ha=m["align"], va="center", fontsize=10)


def _image(ax, m, c):
    # The ramp's 256 entries sit at l / 255 along the roles, as canvas.js builds them;
    # colours are blended after the colour map ("rgba"), as the canvas blends pixels.
    ramp = LinearSegmentedColormap.from_list("ramp", [c[role] for role in m["colors"]], N=256)
    ax.imshow(np.asarray(m["levels"], dtype=float), origin="lower", extent=m["extent"], cmap=ramp,
              vmin=0, vmax=255, interpolation="bilinear", interpolation_stage="rgba",
              aspect="auto", zorder=0.6)  # above the grid lines (0.5), below every other mark


_MARKS = {"image": _image, "line": _line, "points": _points, "arrows": _arrows, "bars": _bars, "text": _text}


def _panel(ax, p, c):
    categorical = any(m["type"] == "bars" for m in p["marks"])
    # Scales first: setting one after drawing bars would replace their category labels.
    if not categorical:
        ax.set_xscale(p["xscale"])
    ax.set_yscale(p["yscale"])
    for mark in p["marks"]:
        _MARKS[mark["type"]](ax, mark, c)
    if not categorical:
        ax.set_xlim(*p["xlim"])
    ax.set_ylim(*p["ylim"])
    if p["equal_aspect"]:
        ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(p["xlabel"], color=c["fg"])
    ax.set_ylabel(p["ylabel"], color=c["fg"])
    if p["title"]:
        ax.set_title(p["title"], color=c["fg"], fontsize=11)
    ax.set_facecolor("none")
    ax.grid(True, color=c["grid"], linewidth=0.7)
    ax.set_axisbelow(True)
    ax.tick_params(colors=c["muted"], labelcolor=c["fg"])
    for spine in ax.spines.values():
        spine.set_color(c["muted"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if p["legend"] and any(m.get("label") for m in p["marks"]):
        legend = ax.legend(loc="upper left", frameon=False, fontsize=10)
        for entry in legend.get_texts():
            entry.set_color(c["fg"])


def render_png(scene, theme="light"):
    """PNG bytes of ``scene`` drawn in ``theme`` ("light" or "dark"), transparent
    background so it sits on the page's own colour."""
    colors = THEMES[theme]
    with plt.rc_context({"font.size": 10, "axes.labelsize": 10.5}):
        fig, axes = plt.subplots(1, len(scene["panels"]), figsize=FIGSIZE, dpi=DPI, squeeze=False)
        try:
            for ax, p in zip(axes[0], scene["panels"]):
                _panel(ax, p, colors)
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format="png", transparent=True, metadata={"Software": None})
        finally:
            plt.close(fig)
    return buf.getvalue()


def figure_key(scene, theme):
    """Content key of a figure: the scene, the theme and this renderer's source."""
    digest = hashlib.sha256()
    digest.update(json.dumps(scene, sort_keys=True).encode())
    digest.update(theme.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(json.dumps(THEMES, sort_keys=True).encode())
    return digest.hexdigest()[:16]
