"""Argument checks at the public boundary.

Each helper raises :class:`ValueError` whose message starts with the argument's
name, so a caller (or a reader of the book typing into a playground) sees at once
which input to fix. Checks are explicit ``if``/``raise``, never ``assert``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "validate_field",
    "validate_t_span",
    "validate_y0",
    "validate_tol",
    "validate_dt",
    "validate_first_step",
    "validate_max_steps",
    "validate_controller",
    "validate_f_output",
]


def _is_real_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _positive_finite(name: str, value) -> float:
    """``value`` as a float that is positive and finite, or a ValueError naming it."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if not (math.isfinite(v) and v > 0.0):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return v


def validate_field(f):
    """Check that ``f`` is callable as ``f(t, y)``."""
    if not callable(f):
        raise ValueError(f"f must be callable as f(t, y), got {type(f).__name__}")
    return f


def validate_t_span(t_span) -> tuple[float, float]:
    """Return ``(t0, t1)`` as floats.

    Raises
    ------
    ValueError
        Unless ``t_span`` is two finite, distinct real numbers.
    """
    try:
        t0, t1 = t_span
        t0, t1 = float(t0), float(t1)
    except (TypeError, ValueError):
        raise ValueError(
            f"t_span must be two finite, distinct numbers (t0, t1), got {t_span!r}"
        ) from None
    if not (math.isfinite(t0) and math.isfinite(t1)) or t0 == t1:
        raise ValueError(
            f"t_span must be two finite, distinct numbers (t0, t1), got {t_span!r}"
        )
    return t0, t1


def validate_y0(y0) -> np.ndarray:
    """Return a float64 copy of the initial state.

    Raises
    ------
    ValueError
        If ``y0`` is not real-valued, is empty, or has a non-finite component.
    """
    try:
        arr = np.array(y0, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"y0 must be a real array of shape (d,) or (N, d), got {y0!r}"
        ) from None
    if arr.size == 0:
        raise ValueError("y0 must have at least one component, got an empty array")
    if not np.isfinite(arr).all():
        raise ValueError("y0 must be finite: all components of y0 must be finite")
    return arr


def validate_tol(name: str, value, shape: tuple):
    """Return a tolerance as a float, or as a flat array matching the state.

    Parameters
    ----------
    name : str
        ``"rtol"`` or ``"atol"``, used in the message.
    value : float or array_like
        Scalar, or per-component values broadcastable to ``shape``.
    shape : tuple
        Shape of the state ``y0``.

    Returns
    -------
    float or ndarray, shape (prod(shape),)
    """
    if type(value) is float and math.isfinite(value) and value > 0.0:
        return value  # the common case, kept cheap
    if _is_real_number(value) or (np.ndim(value) == 0 and not isinstance(value, bool)):
        return _positive_finite(name, value)
    try:
        arr = np.array(value, dtype=float)
        arr = np.broadcast_to(arr, shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a positive number or an array broadcastable to the "
            f"state shape {shape}, got {value!r}"
        ) from None
    if not (np.all(np.isfinite(arr)) and np.all(arr > 0.0)):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return np.ascontiguousarray(arr, dtype=float).ravel().copy()


def validate_dt(dt) -> float:
    """Return the fixed step size as a positive float."""
    return _positive_finite("dt", dt)


def validate_first_step(first_step, t0: float, t1: float):
    """Return ``None`` or the first step size, positive and within the span."""
    if first_step is None:
        return None
    v = _positive_finite("first_step", first_step)
    if v > abs(t1 - t0):
        raise ValueError(
            f"first_step must not exceed the length of t_span ({abs(t1 - t0):g}), "
            f"got {first_step!r}"
        )
    return v


def validate_max_steps(max_steps) -> int:
    """Return ``max_steps`` as a positive int."""
    if not (isinstance(max_steps, numbers.Integral) and not isinstance(max_steps, bool)
            and max_steps > 0):
        raise ValueError(f"max_steps must be a positive integer, got {max_steps!r}")
    return int(max_steps)


def validate_controller(safety, min_factor, max_factor) -> tuple[float, float, float]:
    """Check the step-size controller's factors.

    ``0 < safety <= 1``, ``0 < min_factor < 1`` and ``max_factor > 1``.
    """
    checks = (
        ("safety", safety, lambda v: 0.0 < v <= 1.0, "in (0, 1]"),
        ("min_factor", min_factor, lambda v: 0.0 < v < 1.0, "in (0, 1)"),
        ("max_factor", max_factor, lambda v: 1.0 < v < math.inf, "finite and > 1"),
    )
    out = []
    for name, value, ok, rule in checks:
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be {rule}, got {value!r}") from None
        if not ok(v):
            raise ValueError(f"{name} must be {rule}, got {value!r}")
        out.append(v)
    return tuple(out)


def validate_f_output(value, shape: tuple) -> np.ndarray:
    """Check the first value returned by ``f`` against the state's shape."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"f(t, y) must return a real array of shape {shape}, got {type(value).__name__}"
        ) from None
    if arr.shape != shape:
        raise ValueError(
            f"f(t, y) must return an array of the same shape as y0 {shape}, "
            f"got shape {arr.shape}"
        )
    return arr
