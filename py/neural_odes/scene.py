"""The scene: plain data describing one drawing, shared by both renderers.

A model function returns ``scene(panels, readouts)``; the build draws it with
matplotlib (the fallback figure) and the browser draws it on a canvas. Only
lists, numbers, strings and dicts go in, so it travels as JSON.

Colours are roles, not values (``"fg"``, ``"muted"``, ``"primary"``,
``"accent"``, ``"good"``, ``"bad"``), so each renderer can follow its theme.
"""

import numpy as np

from .formatting import significant

__all__ = ["scene", "panel", "line", "points", "arrows", "bars", "text", "readout", "COLORS"]

COLORS = ("fg", "muted", "primary", "accent", "good", "bad")
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


def panel(marks, *, xlim, ylim, xlabel="", ylabel="", title="", xscale="linear",
          yscale="linear", equal_aspect=False, legend=True):
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        if len(lim) != 2 or not lim[0] < lim[1]:
            raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
    for name, scale, lim in (("xscale", xscale, xlim), ("yscale", yscale, ylim)):
        if scale not in ("linear", "log"):
            raise ValueError(f"invalid {name}: {scale!r}")
        if scale == "log" and lim[0] <= 0:
            raise ValueError(f"{name} is log, so its limits must be positive")
    return {"xlim": _floats(xlim, "xlim"), "ylim": _floats(ylim, "ylim"), "xlabel": xlabel,
            "ylabel": ylabel, "title": title, "xscale": xscale, "yscale": yscale,
            "equal_aspect": bool(equal_aspect), "legend": bool(legend), "marks": list(marks)}


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
