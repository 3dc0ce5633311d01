"""Fixed-step integration: Euler, midpoint, RK4 (or any tableau, stepped evenly)."""

from __future__ import annotations

import math

import numpy as np

from .errors import non_finite
from .methods import get_method
from .result import Solution
from .rk_step import acquire, counted, release, rk_step
from .validation import validate_dt, validate_f_output, validate_field, validate_t_span, validate_y0

__all__ = ["fixed_step", "fixed_step_count"]

# Relative slack when dividing the span by dt: 1.0 / 0.05 evaluates to
# 20.000000000000004 and must still mean 20 steps, not 21.
_COUNT_SLACK = 1e-9


def fixed_step_count(t_span, dt) -> int:
    """Number of steps a fixed-step solve takes: ``ceil(|t1 - t0| / dt)``.

    Float noise is forgiven (``|t1 - t0| / dt`` within 1e-9 of an integer counts
    as that integer), so ``dt = 0.05`` on ``[0, 1]`` gives 20 steps and
    ``dt = 0.3`` gives 4 (the last one 0.1 long).

    Parameters
    ----------
    t_span : (float, float)
    dt : float
        Positive step size.

    Returns
    -------
    int
        At least 1.
    """
    t0, t1 = validate_t_span(t_span)
    dt = validate_dt(dt)
    return max(1, math.ceil(abs(t1 - t0) / dt - _COUNT_SLACK))


def fixed_step(f, t_span, y0, *, dt, method="euler") -> Solution:
    """Integrate ``dy/dt = f(t, y)`` with equal steps of size ``dt``.

    Takes ``n = ceil(|t1 - t0| / dt)`` steps (see :func:`fixed_step_count`); the
    last one is shortened so the solution lands exactly on ``t1``. With
    ``t1 < t0`` the integration runs backward in time.

    Parameters
    ----------
    f : callable
        ``f(t, y) -> dy/dt``; ``y`` has the shape of ``y0`` and the result must
        too.
    t_span : (float, float)
        ``(t0, t1)``, finite and distinct.
    y0 : array_like, shape (d,) or (N, d)
        Initial state. A batch ``(N, d)`` is one system: each evaluation of ``f``
        on the whole batch counts as one NFE.
    dt : float
        Positive step size (its sign is taken from ``t_span``).
    method : str
        A name in :data:`METHODS`: ``"euler"``, ``"midpoint"``, ``"rk4"``,
        ``"bosh3"`` or ``"dopri5"`` (the embedded estimate is then unused).

    Returns
    -------
    Solution
        ``t`` shape (n+1,), ``y`` shape (n+1, \\*y0.shape), ``n_rejected = 0``.

    Raises
    ------
    ValueError
        For a bad argument (the message names it).
    SolverError
        If the state becomes non-finite.

    Examples
    --------
    >>> sol = fixed_step(lambda t, h: 0.5 * h, (0.0, 1.0), [1.0], dt=0.5)
    >>> float(sol.y[-1, 0])
    1.5625
    """
    f = validate_field(f)
    t0, t1 = validate_t_span(t_span)
    dt = validate_dt(dt)
    y0 = validate_y0(y0)
    tab = get_method(method)
    n = fixed_step_count((t0, t1), dt)
    direction = 1.0 if t1 > t0 else -1.0

    # Grid: t0 + k * dt for k < n (multiplying, not accumulating, so rounding
    # does not drift), then exactly t1.
    ts = t0 + direction * dt * np.arange(n + 1, dtype=float)
    ts[n] = t1

    fun, calls = counted(f)
    Y = np.empty((n + 1, y0.size))
    Y[0] = y0.ravel()
    steps = np.empty(n)
    work = acquire(tab, y0)
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            work.k1[...] = validate_f_output(fun(t0, y0.copy()), y0.shape).ravel()
            for k in range(n):
                t = float(ts[k])
                h = float(ts[k + 1]) - t
                y_new = rk_step(fun, t, h, work, with_error=False)
                Y[k + 1] = y_new
                steps[k] = h
                if k + 1 < n:
                    work.accept(fun, float(ts[k + 1]))
    finally:
        release(work)
    bad = ~np.isfinite(Y).all(axis=1)
    if bad.any():
        raise non_finite(float(ts[int(np.argmax(bad))]))
    return Solution(
        t=ts,
        y=Y.reshape((n + 1,) + y0.shape),
        nfe=calls[0],
        n_accepted=n,
        n_rejected=0,
        step_sizes=steps,
        rejected_t=np.zeros(0),
        rejected_h=np.zeros(0),
        method=tab.name,
    )
