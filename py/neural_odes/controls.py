"""The controls of a simulation, declared once, next to its model.

A model declares each parameter's kind, range or options, default and label::

    @declare(dt=Range(0.05, 1.0, step=0.05, default=0.5, label="step size Δt"))
    def euler(*, dt):
        ...

The declaration is the single source for everything about a parameter:

- the model's own validation (the decorator checks and converts every argument
  before the body runs, and raises a ValueError naming the bad one);
- the ``sim`` block parser, which fills in what the Markdown leaves out and
  refuses what contradicts the declaration (``site_hooks``);
- the HTML the build writes for the control and the way the browser reads it
  back (the ``kind`` of each declaration picks one entry of ``KINDS``).

The book's one tolerance map, :func:`tolerance`, lives here too, with the one
slider declaration every tolerance control uses, :data:`TOLERANCE`.
"""

from dataclasses import dataclass
import functools
import math

import numpy as np

__all__ = ["Range", "Select", "Checkbox", "Text", "Points", "KINDS", "TOLERANCE",
           "declare", "declaration", "tolerance"]


def _is_number(value):
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


@dataclass(frozen=True)
class Range:
    """A slider: a number from ``min`` to ``max``. The slider moves in steps of
    ``step``; the model accepts any value in the range (printed tables and tests
    call it between grid points). With a whole-number ``min`` and ``step`` the
    parameter is a whole number and arrives as an ``int``."""

    min: float
    max: float
    step: float
    default: float
    label: str
    kind = "range"

    def __post_init__(self):
        for key in ("min", "max", "step", "default"):
            if not _is_number(getattr(self, key)):
                raise ValueError(f"Range {key} must be a finite number, got {getattr(self, key)!r}")
        if not self.min < self.max or not 0 < self.step <= self.max - self.min:
            raise ValueError(f"Range needs min < max and 0 < step <= max - min, got "
                             f"{self.min}, {self.max}, {self.step}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"Range default {self.default} is outside [{self.min}, {self.max}]")

    @property
    def whole(self):
        return float(self.min).is_integer() and float(self.step).is_integer()

    def check(self, name, value):
        if self.whole:
            if not (_is_number(value) and float(value).is_integer() and self.min <= value <= self.max):
                raise ValueError(f"{name} must be a whole number from {self.min:g} to {self.max:g}, "
                                 f"got {value!r}")
            return int(value)
        if not (_is_number(value) and self.min <= value <= self.max):
            raise ValueError(f"{name} must be a number from {self.min:g} to {self.max:g}, got {value!r}")
        return float(value)


@dataclass(frozen=True)
class Select:
    """One of a few named options."""

    options: tuple
    default: str
    label: str
    kind = "select"

    def __post_init__(self):
        if not self.options or not all(isinstance(o, str) for o in self.options):
            raise ValueError(f"Select options must be names, got {self.options!r}")
        if self.default not in self.options:
            raise ValueError(f"Select default {self.default!r} is not one of {self.options}")

    def check(self, name, value):
        if value not in self.options:
            raise ValueError(f"{name} must be one of {', '.join(self.options)}; got {value!r}")
        return value


@dataclass(frozen=True)
class Checkbox:
    """On or off."""

    default: bool
    label: str
    kind = "checkbox"

    def check(self, name, value):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false, got {value!r}")
        return value


@dataclass(frozen=True)
class Text:
    """Text the reader types (the playground's code box)."""

    default: str
    label: str
    kind = "textarea"

    def check(self, name, value):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text, got {type(value).__name__}")
        return value


@dataclass(frozen=True)
class Points:
    """Points the reader drops on the plot: a list of at most ``max`` [x, y]
    pairs of finite numbers (the ``pointer`` of a sim block)."""

    max: int
    label: str
    default: tuple = ()
    kind = "points"

    def check(self, name, value):
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"{name} must be a list of [x, y] points, got {value!r}")
        if len(value) > self.max:
            raise ValueError(f"{name}: at most {self.max} points, got {len(value)}")
        out = []
        for p in value:
            if not (isinstance(p, (list, tuple)) and len(p) == 2 and all(_is_number(v) for v in p)):
                raise ValueError(f"{name} must be [x, y] pairs of finite numbers, got {p!r}")
            out.append((float(p[0]), float(p[1])))
        return out


#: every kind of control, by the name the ``sim`` block and the page use
KINDS = {cls.kind: cls for cls in (Range, Select, Checkbox, Text, Points)}

#: the slider of every tolerance control: v from 0 (loose) to 1 (tight)
TOLERANCE = Range(0.0, 1.0, step=0.01, default=0.5, label="error tolerance (loose → tight)")


def tolerance(v):
    """``rtol = atol = 10^(-1 - 7 v)`` for a slider value ``v`` in [0, 1]: from
    1e-1 (loose) to 1e-8 (tight). Every tolerance control of the book uses it.
    An array of slider values gives an array of tolerances."""
    if isinstance(v, np.ndarray):
        if not (np.all(np.isfinite(v)) and np.all((v >= 0.0) & (v <= 1.0))):
            raise ValueError("tol values must be numbers from 0 (loose) to 1 (tight)")
        return 10.0 ** (-1.0 - 7.0 * v)
    v = TOLERANCE.check("tol", v)
    return 10.0 ** (-1.0 - 7.0 * v)


def declare(**params):
    """Attach the declarations ``params`` to a model and check its arguments.

    The model must take exactly these keyword-only parameters. The wrapped model
    validates and converts every argument (ValueError naming the bad one) before
    its body runs; ``declaration(model)`` returns ``params``."""
    def wrap(fn):
        @functools.wraps(fn)
        def checked(**kwargs):
            unknown, missing = set(kwargs) - set(params), set(params) - set(kwargs)
            if unknown or missing:
                raise ValueError(f"{fn.__name__} takes {', '.join(params)}; "
                                 f"unknown {sorted(unknown)}, missing {sorted(missing)}")
            return fn(**{name: params[name].check(name, value) for name, value in kwargs.items()})
        checked.controls = dict(params)
        return checked
    return wrap


def declaration(model):
    """``{name: declaration}`` of a model made with :func:`declare`."""
    try:
        return model.controls
    except AttributeError:
        raise ValueError(f"model {getattr(model, '__name__', model)!r} declares no controls "
                         f"(decorate it with neural_odes.controls.declare)") from None
