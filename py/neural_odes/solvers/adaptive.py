"""Adaptive integration with an embedded Runge–Kutta pair (Dormand–Prince 5(4)).

Each step produces a fifth-order solution and, from the same stages, a
fourth-order one; their difference estimates the local error. The error norm
(:mod:`.norms`) turns it into a ratio against the tolerance and the controller
(:mod:`.controller`) accepts or rejects the step and picks the next size. Where
the field changes fast the steps shrink, where it is calm they grow: the number
of function evaluations (NFE) emerges from the dynamics and the tolerance.

References
----------
J. R. Dormand, P. J. Prince, J. Comput. Appl. Math. 6 (1980) 19-26.
E. Hairer, S. P. Nørsett, G. Wanner, *Solving Ordinary Differential Equations I*,
2nd ed., Springer 1993, Sec. II.4 (error norm, step control, initial step).
"""

from __future__ import annotations

import math

import numpy as np

from .controller import Controller
from .errors import non_finite, step_underflow, too_many_steps
from .methods import get_method
from .norms import scaled_error_norm
from .result import Solution
from .rk_step import acquire, counted, release, rk_step
from .validation import (
    validate_controller,
    validate_f_output,
    validate_field,
    validate_first_step,
    validate_max_steps,
    validate_t_span,
    validate_tol,
    validate_y0,
)

__all__ = ["solve_ivp_adaptive", "initial_step"]


def initial_step(fun, t0, y0, f0, direction, error_order, rtol, atol, t_bound,
                 shape=None) -> float:
    """Choose the size of the first step automatically.

    Hairer's algorithm (Solving ODEs I, Sec. II.4): an explicit Euler step of a
    size set by ``|y0| / |f0|`` probes how fast ``f`` changes, and the step is
    chosen so the leading error term is about ``0.01`` of the tolerance. Costs one
    evaluation of ``fun``.

    Parameters
    ----------
    fun : callable
    t0 : float
    y0, f0 : ndarray, shape (n,)
        Initial state and ``f(t0, y0)``, flat.
    direction : float
        +1 or -1.
    error_order : int
        Lower order of the embedded pair.
    rtol, atol : float or ndarray, shape (n,)
    t_bound : float
        End of the integration; the step never exceeds ``|t_bound - t0|``.
    shape : tuple, optional
        Shape in which ``fun`` expects the state (default: flat).

    Returns
    -------
    float
        Positive step size.
    """
    span = abs(t_bound - t0)
    n = y0.size
    # Scratch arrays are updated in place: this runs once per solve, and with
    # few steps (loose tolerances) its temporaries would be a visible cost.
    scale = np.abs(y0)
    scale *= rtol
    scale += atol
    u = np.divide(y0, scale)
    d0 = math.sqrt(u.dot(u) / n)
    np.divide(f0, scale, out=u)
    d1 = math.sqrt(u.dot(u) / n)
    h0 = 1e-6 if (d0 < 1e-5 or d1 < 1e-5) else 0.01 * d0 / d1
    h0 = min(h0, span)
    if not h0 > 0:  # f is so large (or not finite) that no first step is small enough
        raise step_underflow(h0, t0) if math.isfinite(d1) else non_finite(t0)
    y1 = np.multiply(f0, direction * h0)
    y1 += y0
    f1 = fun(t0 + direction * h0, y1 if shape is None else y1.reshape(shape))
    np.subtract(np.asarray(f1, dtype=float).reshape(n), f0, out=u)
    np.divide(u, scale, out=u)
    d2 = math.sqrt(u.dot(u) / n) / h0
    big = max(d1, d2)
    if not math.isfinite(big):
        return h0
    if big <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / big) ** (1.0 / (error_order + 1))
    return min(100.0 * h0, h1, span)


def solve_ivp_adaptive(
    f,
    t_span,
    y0,
    *,
    rtol=1e-6,
    atol=1e-9,
    method="dopri5",
    first_step=None,
    max_steps=10000,
    safety=0.9,
    min_factor=0.2,
    max_factor=10.0,
) -> Solution:
    """Integrate ``dy/dt = f(t, y)`` with error-controlled adaptive steps.

    Parameters
    ----------
    f : callable
        ``f(t, y) -> dy/dt``; ``y`` has the shape of ``y0`` and so must the result.
    t_span : (float, float)
        ``(t0, t1)``; ``t1 < t0`` integrates backward in time.
    y0 : array_like, shape (d,) or (N, d)
        Initial state. A batch ``(N, d)`` is solved as *one* system with one
        shared step size (the error norm runs over all ``N * d`` numbers), and
        one call of ``f`` on the whole batch counts as one NFE.
    rtol, atol : float or array_like broadcastable to y0's shape
        Relative and absolute tolerances, positive and finite. A step is
        accepted when the RMS of ``err / (atol + rtol * max(|y|, |y_new|))`` is
        below 1.
    method : str
        An adaptive method in :data:`METHODS`: ``"dopri5"`` (default) or
        ``"bosh3"``.
    first_step : float, optional
        Size of the first attempted step; chosen automatically (Hairer's
        algorithm, one extra NFE) when ``None``.
    max_steps : int
        Maximum number of step *attempts* (accepted plus rejected).
    safety, min_factor, max_factor : float
        Step-size controller: safety factor in (0, 1], and limits on the factor
        by which a step may shrink (in (0, 1)) or grow (> 1).

    Returns
    -------
    Solution
        ``t`` shape (n+1,) ending exactly at ``t1``, ``y`` shape
        (n+1, \\*y0.shape), NFE, accepted/rejected counts, accepted step sizes,
        and the start times and sizes of rejected attempts.

    Raises
    ------
    ValueError
        For a bad argument (the message names it).
    SolverError
        If the state becomes non-finite, the step size underflows, or
        ``max_steps`` is exceeded (the message says where and what to do).

    Notes
    -----
    Dormand–Prince is "first same as last" (FSAL): the last stage of an
    accepted step is the first of the next, so a step costs 6 NFE, plus one for
    the initial ``f(t0, y0)`` and one for the initial-step probe.

    Examples
    --------
    >>> sol = solve_ivp_adaptive(lambda t, y: -y, (0.0, 1.0), [1.0], rtol=1e-8)
    >>> bool(abs(sol.y[-1, 0] - np.exp(-1.0)) < 1e-7)
    True
    """
    f = validate_field(f)
    t0, t1 = validate_t_span(t_span)
    y0 = validate_y0(y0)
    shape = y0.shape
    rtol = validate_tol("rtol", rtol, shape)
    atol = validate_tol("atol", atol, shape)
    tab = get_method(method, adaptive=True)
    first_step = validate_first_step(first_step, t0, t1)
    max_steps = validate_max_steps(max_steps)
    safety, min_factor, max_factor = validate_controller(safety, min_factor, max_factor)

    direction = 1.0 if t1 > t0 else -1.0
    fun, calls = counted(f)
    work = acquire(tab, y0)
    try:
        return _integrate(fun, calls, work, t0, t1, direction, rtol, atol, first_step,
                          max_steps, Controller(min(tab.order, tab.error_order), safety,
                                                min_factor, max_factor))
    finally:
        release(work)


def _integrate(fun, calls, work, t0, t1, direction, rtol, atol, first_step, max_steps,
               controller) -> Solution:
    """The step loop of :func:`solve_ivp_adaptive`, on validated arguments."""
    tab = work.tableau
    shape = work.shape
    err_buf = work.err
    abs_y = np.abs(work.y)
    abs_new = np.empty_like(abs_y)
    scale = np.empty_like(abs_y)
    ulp = math.ulp
    decide = controller.decide
    min_factor = controller.min_factor
    accept = work.accept

    ts = [t0]
    # Accepted states are kept as one small copy each and stacked once at the
    # end. A preallocated buffer that doubles when full was measured slower
    # for batches: past 128 KiB it is a fresh memory map whose every page
    # faults on first touch, while row-sized copies reuse freed heap blocks.
    traj = [work.y.copy()]
    steps = []
    rej_t = []
    rej_h = []

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        k1 = work.k1
        k1[...] = validate_f_output(fun(t0, work.y.reshape(shape).copy()), shape).ravel()
        if not np.isfinite(k1).all():
            raise non_finite(t0)
        if first_step is None:
            h_abs = initial_step(
                fun, t0, work.y, k1, direction, tab.error_order, rtol, atol, t1, shape
            )
        else:
            h_abs = first_step

        t = t0
        attempts = 0
        rejected_last = False
        nan_last = False
        while direction * (t1 - t) > 0.0:
            if attempts >= max_steps:
                raise too_many_steps(max_steps, t)
            attempts += 1
            # Steps smaller than a few ulps of t would not move t at all.
            if h_abs < 10.0 * ulp(t):
                raise non_finite(t) if nan_last else step_underflow(h_abs, t)
            t_new = t + direction * h_abs
            if direction * (t_new - t1) >= 0.0:
                t_new = t1
            h = t_new - t
            y_new = rk_step(fun, t, h, work, True)
            err = scaled_error_norm(err_buf, abs_y, y_new, rtol, atol, abs_new, scale)
            nan_last = not err <= math.inf
            if nan_last:
                # A stage left the domain of f (nan somewhere): a too-long trial
                # step, usually. Shrink as much as allowed and retry; if it
                # persists down to the float resolution, the state itself is
                # non-finite there and that is reported.
                accepted, factor = False, min_factor
            else:
                accepted, factor = decide(err, rejected_last)
            if accepted:
                abs_y, abs_new = abs_new, abs_y
                accept(fun, t_new)
                t = t_new
                ts.append(t)
                traj.append(y_new.copy())
                steps.append(h)
                rejected_last = False
            else:
                rej_t.append(t)
                rej_h.append(h)
                rejected_last = True
            h_abs = abs(h) * factor

    Y = np.array(traj)
    # Inside the loop a nan anywhere makes the error norm nan, so no step with
    # a nan is accepted; an inf state can slip through an accepted step (its
    # scale is inf too) but then stays inf, so checking the end point suffices.
    if not np.isfinite(Y[-1]).all():
        bad = ~np.isfinite(Y).all(axis=1)
        raise non_finite(ts[int(np.argmax(bad))])
    n = len(steps)
    return Solution(
        t=np.array(ts),
        y=Y.reshape((n + 1,) + shape),
        nfe=calls[0],
        n_accepted=n,
        n_rejected=len(rej_t),
        step_sizes=np.array(steps, dtype=float),
        rejected_t=np.array(rej_t, dtype=float),
        rejected_h=np.array(rej_h, dtype=float),
        method=tab.name,
    )
