"""The scene: plain data describing one drawing, shared by both renderers.

A model function returns ``scene(panels, readouts)``; the build draws it with
matplotlib (the fallback figure) and the browser draws it on a canvas. Only
lists, numbers, strings and dicts go in, so it travels as JSON.

Colours are roles, not values (``"fg"``, ``"muted"``, ``"primary"``,
``"accent"``, ``"good"``, ``"bad"``), so each renderer can follow its theme.

Marks: ``line``, ``points``, ``arrows``, ``bars``, ``text`` and ``image``, a heat
map. An image is a grid of whole-number colour levels 0 to 255 (rows from the
bottom, columns from the left) tiling the box ``extent = (x0, x1, y0, y1)``;
level ``l`` is the colour ``l / 255`` of the way along a ramp of two or more roles
(``"background"`` allowed), evenly spaced and mixed linearly in sRGB. Both
renderers give each cell's colour to its centre and blend bilinearly between
centres (a half cell of constant colour at the edges), under the other marks
and over the grid lines. The levels carry the picture only: what they measure
belongs in the readouts, the caption and ``alt``.
"""

import numpy as np

from .formatting import significant

__all__ = ["scene", "panel", "line", "points", "arrows", "bars", "text", "image", "readout", "COLORS",
           "RAMP_COLORS"]

COLORS = ("fg", "muted", "primary", "accent", "good", "bad")
#: roles an image's colour ramp may use: the page background too, for "nothing here"
RAMP_COLORS = COLORS + ("background",)
_DASHES = ("solid", "dashed", "dotted")
_MARKERS = ("o", "x")


def _floats(values, name, digits=7):
    arr = np.asarray(values, dtype=float).ravel()
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    # Seven significant digits keep the JSON small and are far below a pixel,
    # on log axes too (rounding to decimals would turn 1e-9 into 0).
    return [float(f"{v:.{digits}g}") for v in arr.tolist()]


def _color(color):
    if color not in COLORS:
        raise ValueError(f"invalid color: {color!r} (choose from {', '.join(COLORS)})")
    return color


def _xy(x, y, mark):
    """Coordinates of a mark as two equally long lists."""
    x, y = _floats(x, "x"), _floats(y, "y")
    if len(x) != len(y):
        raise ValueError(f"{mark}: x has {len(x)} values but y has {len(y)}")
    return x, y


def line(x, y, *, color="primary", width=2.0, dash="solid", label=None, reveal=False):
    """A polyline. ``reveal=True`` asks the browser to animate it being drawn
    from its first point to its last (the fallback figure draws it whole)."""
    if dash not in _DASHES:
        raise ValueError(f"invalid dash: {dash!r}")
    x, y = _xy(x, y, "line")
    return {"type": "line", "x": x, "y": y, "color": _color(color), "width": float(width),
            "dash": dash, "label": label, "reveal": bool(reveal)}


def points(x, y, *, color="primary", size=4.0, marker="o", label=None, reveal=False):
    """Markers at (x, y); ``reveal=True`` shows them one after another in the browser."""
    if marker not in _MARKERS:
        raise ValueError(f"invalid marker: {marker!r}")
    x, y = _xy(x, y, "points")
    return {"type": "points", "x": x, "y": y, "color": _color(color), "size": float(size),
            "marker": marker, "label": label, "reveal": bool(reveal)}


def arrows(x, y, u, v, *, color="muted", label=None):
    x, y, u, v = (_floats(a, n) for a, n in ((x, "x"), (y, "y"), (u, "u"), (v, "v")))
    if not len(x) == len(y) == len(u) == len(v):
        raise ValueError("arrows: x, y, u, v must have equal lengths")
    return {"type": "arrows", "x": x, "y": y, "u": u, "v": v, "color": _color(color), "label": label}


def bars(labels, heights, *, color="primary", label=None):
    heights = _floats(heights, "heights")
    if len(labels) != len(heights):
        raise ValueError("bars: one label per height")
    return {"type": "bars", "labels": [str(s) for s in labels], "heights": heights,
            "color": _color(color), "label": label}


def text(x, y, content, *, color="fg", align="left"):
    if align not in ("left", "center", "right"):
        raise ValueError(f"invalid align: {align!r}")
    return {"type": "text", "x": float(x), "y": float(y), "text": str(content),
            "color": _color(color), "align": align}


def image(levels, *, extent, colors=("background", "primary", "fg")):
    """A heat map of whole-number ``levels`` from 0 to 255, shape (rows, cols)
    with rows >= 2 and cols >= 2, the first row at the bottom of ``extent`` =
    (x0, x1, y0, y1). ``colors`` is the ramp, from level 0 to level 255 (see the
    module docstring)."""
    arr = np.asarray(levels)
    if arr.ndim != 2 or arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ValueError(f"image: levels must be a grid of at least 2 x 2, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating) \
            or not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)) \
            or arr.min() < 0 or arr.max() > 255:
        raise ValueError("image: levels must be whole numbers from 0 to 255")
    x0, x1, y0, y1 = _floats(extent, "extent") if len(extent) == 4 else (None,) * 4
    if x0 is None or not (x0 < x1 and y0 < y1):
        raise ValueError(f"image: extent must be (x0, x1, y0, y1) with x0 < x1 and y0 < y1, got {extent!r}")
    if len(colors) < 2 or any(r not in RAMP_COLORS for r in colors):
        raise ValueError(f"image: colors must be two or more of {', '.join(RAMP_COLORS)}, got {colors!r}")
    return {"type": "image", "levels": arr.astype(int).tolist(), "extent": [x0, x1, y0, y1],
            "colors": list(colors)}


def panel(marks, *, xlim, ylim, xlabel="", ylabel="", title="", xscale="linear",
          yscale="linear", equal_aspect=False, legend=True):
    marks = list(marks)
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        if len(lim) != 2 or not lim[0] < lim[1]:
            raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
    for name, scale, lim in (("xscale", xscale, xlim), ("yscale", yscale, ylim)):
        if scale not in ("linear", "log"):
            raise ValueError(f"invalid {name}: {scale!r}")
        if scale == "log" and lim[0] <= 0:
            raise ValueError(f"{name} is log, so its limits must be positive")
    if (xscale, yscale) != ("linear", "linear") and any(m.get("type") == "image" for m in marks):
        raise ValueError("a panel with an image needs linear axes")
    return {"xlim": _floats(xlim, "xlim"), "ylim": _floats(ylim, "ylim"), "xlabel": xlabel,
            "ylabel": ylabel, "title": title, "xscale": xscale, "yscale": yscale,
            "equal_aspect": bool(equal_aspect), "legend": bool(legend), "marks": marks}


def readout(value, text=None, unit=""):
    """A readout: its raw ``value`` (for tests) and the ``text`` a reader sees,
    which starts with the value as a bare number."""
    if text is None:
        text = str(value) if isinstance(value, (int, np.integer)) else significant(float(value), 4)
    shown = f"{text} {unit}".strip()
    value = value if isinstance(value, str) else float(value) if isinstance(value, float) else int(value)
    return {"value": value, "text": shown}


def scene(panels, readouts, *, alt):
    """The whole drawing: one or more panels side by side, the readout values
    and ``alt``, a sentence describing the picture for readers who cannot see it."""
    if not panels:
        raise ValueError("a scene needs at least one panel")
    return {"panels": list(panels), "readouts": dict(readouts), "alt": str(alt)}
