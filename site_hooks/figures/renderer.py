"""The matplotlib renderer: a scene becomes the simulation's fallback figure.

It draws what the browser's canvas renderer (docs/assets/book/js/canvas.js) draws,
mark for mark and at the same places, so the figure a reader sees before the runtime
loads is the drawing the live simulation makes at the default settings. Both follow
the contract in ``neural_odes.scene``: the marks (``MARKS``), every length, dash and
font size (``STYLE``) and the ticks. The figure is the canvas at its nominal size,
``STYLE["figure"]``, with one point per CSS pixel, so STYLE's lengths are points here.
tests/test_scene_contract.py and tests/e2e/test_golden_scenes.py hold the two together.
"""

import hashlib
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Affine2D, ScaledTranslation  # noqa: E402
import numpy as np  # noqa: E402

from neural_odes.scene import STYLE, tick_count, tick_label, ticks  # noqa: E402

from .palette import THEMES  # noqa: E402

__all__ = ["render_png", "figure_key", "FIGSIZE", "DPI"]

S = STYLE
FIGSIZE = (S["figure"]["width"] / 72, S["figure"]["height"] / 72)  # inches: one point per CSS pixel
DPI = 72 * S["figure"]["pixel_ratio"]
FONT = S["font"]["size"]
_IMAGE_Z, _MARK_Z, _LEGEND_Z = 0.6, 2, 10  # heat maps above the grid lines (0.5), below every mark


def _px_per_pt(ax):
    """Display pixels per point, that is per CSS pixel of the canvas."""
    return ax.figure.dpi / 72


def _from_box(ax):
    """Transform from CSS pixels measured from the plot box's top-left corner, y
    downwards (the canvas's coordinates), to display coordinates."""
    k = _px_per_pt(ax)
    return Affine2D().scale(k, -k) + ScaledTranslation(0, 1, ax.transAxes)


def _line(ax, m, c, z):
    dash = S["dash"][m["dash"]]
    with matplotlib.rc_context({"lines.scale_dashes": False}):  # STYLE's dashes are pixels, whatever the width
        ax.plot(m["x"], m["y"], color=c[m["color"]], linewidth=m["width"], linestyle=(0, dash) if dash else "-",
                solid_capstyle="round", dash_capstyle="round", solid_joinstyle="round",
                dash_joinstyle="round", snap=False, zorder=z)


def _points(ax, m, c, z):
    width = 2 * m["size"]  # markersize is the marker's full width, in points
    if m["marker"] == "x":
        ax.plot(m["x"], m["y"], linestyle="none", marker="x", markersize=width,
                markeredgewidth=S["marker"]["x"]["width"], color=c[m["color"]], snap=False, zorder=z)
    else:
        ax.plot(m["x"], m["y"], linestyle="none", marker="o", markersize=width, color=c[m["color"]],
                markeredgecolor=c["background"], markeredgewidth=S["marker"]["o"]["edge_width"], snap=False,
                zorder=z)


def _arrows(ax, m, c, z):
    # Drawn in pixels, as canvas.js draws them: the head's size does not follow the data's scale.
    a, k = S["arrow"], _px_per_pt(ax)
    tail = ax.transData.transform(np.column_stack([m["x"], m["y"]])) / k
    tip = ax.transData.transform(np.column_stack([np.add(m["x"], m["u"]), np.add(m["y"], m["v"])])) / k
    length = np.hypot(*(tip - tail).T)
    keep = length >= a["min_length"]
    tail, tip, length = tail[keep], tip[keep], length[keep][:, None]
    along = (tip - tail) / length
    head = np.minimum(a["head"], length * a["head_fraction"])
    side = np.column_stack([-along[:, 1], along[:, 0]]) * head * a["head_aspect"]
    base = tip - head * along
    to_display = Affine2D().scale(k)
    ax.add_collection(LineCollection(np.stack([tail, tip], axis=1), colors=c[m["color"]], linewidths=a["width"],
                                     transform=to_display, snap=False, zorder=z), autolim=False)
    ax.add_collection(PolyCollection(np.stack([tip, base + side, base - side], axis=1), facecolors=c[m["color"]],
                                     edgecolors="none", transform=to_display, snap=False, zorder=z), autolim=False)


def _bars(ax, m, c, z):
    ax.bar(range(len(m["heights"])), m["heights"], width=S["bars"]["width"], color=c[m["color"]], snap=False,
           zorder=z)
    ax.set_xticks(range(len(m["labels"])), m["labels"])


def _text(ax, m, c, z):
    ax.text(m["x"], m["y"], m["text"], color=c[m["color"]], ha=m["align"], va="center", fontsize=FONT,
            clip_on=True, zorder=z)


def _image(ax, m, c, z):
    # The ramp's 256 entries sit at l / 255 along the roles, as canvas.js builds them;
    # colours are blended after the colour map ("rgba"), as the canvas blends pixels.
    ramp = LinearSegmentedColormap.from_list("ramp", [c[role] for role in m["colors"]], N=256)
    ax.imshow(np.asarray(m["levels"], dtype=float), origin="lower", extent=m["extent"], cmap=ramp,
              vmin=0, vmax=255, interpolation="bilinear", interpolation_stage="rgba",
              aspect="auto", zorder=_IMAGE_Z)


_MARKS = {"image": _image, "line": _line, "points": _points, "arrows": _arrows, "bars": _bars, "text": _text}


def _axes(ax, p, c, categories):
    """Grid, tick labels, axis lines and labels, as canvas.js's drawAxes."""
    bbox, k = ax.get_window_extent(), _px_per_pt(ax)
    width, height = bbox.width / k, bbox.height / k
    off = S["offset"]
    yt = ticks(*p["ylim"], p["yscale"], tick_count(height, "y"))
    ax.set_yticks(yt, [tick_label(v, p["yscale"]) for v in yt])
    if not categories:
        xt = ticks(*p["xlim"], p["xscale"], tick_count(width, "x"))
        ax.set_xticks(xt, [tick_label(v, p["xscale"]) for v in xt])
    ax.minorticks_off()
    ax.set_facecolor("none")
    ax.grid(True, axis="y" if categories else "both", color=c["grid"], linewidth=S["grid_width"])
    ax.set_axisbelow(True)
    ax.tick_params(length=0, pad=off["tick_label"], labelcolor=c["fg"], labelsize=FONT)
    for side, spine in ax.spines.items():
        spine.set_visible(side in ("left", "bottom"))
        spine.set(color=c["muted"], linewidth=S["axis_width"])
    dots = ax.figure.dpi_scale_trans  # offsets in inches: a CSS pixel is 1/72
    ax.set_xlabel(p["xlabel"], color=c["fg"], fontsize=FONT, va="top")
    ax.xaxis.set_label_coords(0.5, 0, transform=ax.transAxes + ScaledTranslation(0, -off["xlabel"] / 72, dots))
    ax.set_ylabel(p["ylabel"], color=c["fg"], fontsize=FONT, va="center")
    ax.yaxis.set_label_coords(0, 0.5, transform=ax.transAxes + ScaledTranslation(-off["ylabel"] / 72, 0, dots))
    if p["title"]:
        ax.set_title(p["title"], color=c["fg"], fontsize=FONT, pad=off["title"], va="bottom")


def _legend(ax, p, c):
    """canvas.js's drawLegend: a sample and the label per labelled mark, from the box's top-left."""
    entries = [m for m in p["marks"] if m.get("label")]
    if not p["legend"] or not entries:
        return
    L, to_display = S["legend"], _from_box(ax)
    mid, r = L["sample"] / 2, L["marker_radius"]
    for i, m in enumerate(entries):
        x, y = L["inset"], L["inset"] + i * L["row"]
        color = c[m["color"]]
        if m["type"] == "line":
            dash = S["dash"][m["dash"]]
            with matplotlib.rc_context({"lines.scale_dashes": False}):
                sample = Line2D([x, x + L["sample"]], [y, y], color=color, linewidth=m["width"],
                                linestyle=(0, dash) if dash else "-", dash_capstyle="round", solid_capstyle="round")
        elif m.get("marker") == "x":
            sample = Line2D([x + mid], [y], marker="x", markersize=2 * r, markeredgewidth=S["marker"]["x"]["width"],
                            color=color, linestyle="none")
        else:
            sample = Line2D([x + mid], [y], marker="o", markersize=2 * r, markeredgewidth=0, color=color,
                            linestyle="none")
        label = Text(x + L["text"], y, m["label"], color=c["fg"], fontsize=FONT, ha="left", va="center")
        for artist in (sample, label):
            artist.set(transform=to_display, clip_on=False, zorder=_LEGEND_Z)
            ax.add_artist(artist)


def _panel(ax, p, c):
    categories = next((m["labels"] for m in p["marks"] if m["type"] == "bars"), None)
    # Scales and limits first: the marks drawn in pixels (arrows) need the final mapping.
    if categories:
        pad = S["bars"]["category_pad"]
        ax.set_xlim(-pad, len(categories) - 1 + pad)
    else:
        ax.set_xscale(p["xscale"])
        ax.set_xlim(*p["xlim"])
    ax.set_yscale(p["yscale"])
    ax.set_ylim(*p["ylim"])
    _axes(ax, p, c, categories)
    # In the scene's order, heat maps first, as canvas.js paints them.
    marks = [m for m in p["marks"] if m["type"] == "image"] + [m for m in p["marks"] if m["type"] != "image"]
    for i, mark in enumerate(marks):
        _MARKS[mark["type"]](ax, mark, c, _MARK_Z + i / 1000)
    _legend(ax, p, c)


def _plot_box(p, index, count):
    """The panel's plot box in figure fractions (left, bottom, width, height): the
    box canvas.js gives it on the nominal canvas, equal aspect included."""
    W, H, M = S["figure"]["width"], S["figure"]["height"], S["margin"]
    slot = W / count
    top = M["top_with_title"] if p["title"] else M["top"]
    left, width, height = index * slot + M["left"], slot - M["left"] - M["right"], H - top - M["bottom"]
    if p["equal_aspect"]:
        dx, dy = p["xlim"][1] - p["xlim"][0], p["ylim"][1] - p["ylim"][0]
        s = min(width / dx, height / dy)
        left, top, width, height = left + (width - s * dx) / 2, top + (height - s * dy) / 2, s * dx, s * dy
    return left / W, 1 - (top + height) / H, width / W, height / H


def render_png(scene, theme="light"):
    """PNG bytes of ``scene`` drawn in ``theme`` ("light" or "dark"), transparent
    background so it sits on the page's own colour."""
    colors = THEMES[theme]
    fig = plt.figure(figsize=FIGSIZE, dpi=DPI)
    try:
        panels = scene["panels"]
        for i, p in enumerate(panels):
            _panel(fig.add_axes(_plot_box(p, i, len(panels))), p, colors)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", transparent=True, metadata={"Software": None})
    finally:
        plt.close(fig)
    return buf.getvalue()


def figure_key(scene, theme):
    """Content key of a figure: the scene, the theme, the scene's style and this renderer's source."""
    digest = hashlib.sha256()
    digest.update(json.dumps(scene, sort_keys=True).encode())
    digest.update(theme.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(json.dumps(THEMES, sort_keys=True).encode())
    digest.update(json.dumps(STYLE, sort_keys=True).encode())
    return digest.hexdigest()[:16]
