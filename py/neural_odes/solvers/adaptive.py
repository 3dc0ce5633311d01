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

__all__ = ["solve_ivp_adaptive", "initial_step", "AdaptivePath", "adaptive_path"]


def initial_step(fun, t0, y0, f0, direction, error_order, rtol, atol, t_bound,
                 shape=None, probe=None) -> float:
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
    probe : list, optional
        Receives the size of the Euler probe step (the only other place where
        ``t_bound`` enters).

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
    if probe is not None:
        probe.append(h0)
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


class _Attempt:
    """The loop's state at the top of one step attempt (see :class:`AdaptivePath`)."""

    __slots__ = ("t", "h_abs", "accepted", "attempts", "calls", "rejected", "rejected_last", "nan_last")

    def __init__(self, t, h_abs, accepted, attempts, calls, rejected, rejected_last, nan_last):
        self.t, self.h_abs, self.accepted, self.attempts = t, h_abs, accepted, attempts
        self.calls, self.rejected, self.rejected_last, self.nan_last = calls, rejected, rejected_last, nan_last


def _integrate(fun, calls, work, t0, t1, direction, rtol, atol, first_step, max_steps,
               controller, record=None, resume=None) -> Solution:
    """The step loop of :func:`solve_ivp_adaptive`, on validated arguments.

    With ``record`` (an :class:`AdaptivePath` being built) it also keeps the
    loop's state at every attempt and the first stage at every accepted state;
    ``resume`` (``(path, attempt index)``) starts the loop from such a state
    instead of from ``t0`` (``work`` then holds that state and its first stage).
    """
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

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if resume is None:
            ts = [t0]
            # Accepted states are kept as one small copy each and stacked once at the
            # end. A preallocated buffer that doubles when full was measured slower
            # for batches: past 128 KiB it is a fresh memory map whose every page
            # faults on first touch, while row-sized copies reuse freed heap blocks.
            traj = [work.y.copy()]
            steps = []
            rej_t = []
            rej_h = []
            k1 = work.k1
            k1[...] = validate_f_output(fun(t0, work.y.reshape(shape).copy()), shape).ravel()
            if not np.isfinite(k1).all():
                raise non_finite(t0)
            if record is not None:
                record.k1.append(k1.copy())
            if first_step is None:
                probe = None if record is None else record.probe
                h_abs = initial_step(
                    fun, t0, work.y, k1, direction, tab.error_order, rtol, atol, t1, shape, probe
                )
            else:
                h_abs = first_step
            t = t0
            attempts = 0
            rejected_last = False
            nan_last = False
        else:
            path, index = resume
            a = path.attempts[index]
            k, r = a.accepted, a.rejected
            ts, traj, steps = path.ts[: k + 1], path.traj[: k + 1], path.steps[:k]
            rej_t, rej_h = path.rej_t[:r], path.rej_h[:r]
            calls[0] = a.calls
            t, h_abs, attempts = a.t, a.h_abs, a.attempts
            rejected_last, nan_last = a.rejected_last, a.nan_last

        while direction * (t1 - t) > 0.0:
            if attempts >= max_steps:
                raise too_many_steps(max_steps, t)
            if record is not None:
                record.attempts.append(_Attempt(t, h_abs, len(steps), attempts, calls[0], len(rej_t),
                                                rejected_last, nan_last))
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
                if record is not None:
                    record.k1.append(work.k1.copy())
            else:
                rej_t.append(t)
                rej_h.append(h)
                rejected_last = True
            h_abs = abs(h) * factor

    if record is not None:
        record.ts, record.traj, record.steps, record.rej_t, record.rej_h = ts, traj, steps, rej_t, rej_h
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


class AdaptivePath:
    """One adaptive solve from ``t0`` to ``t1``, kept so that the solve to any
    earlier end time ``T`` costs only its last steps: :meth:`until`.

    A solve to ``T`` takes exactly the attempts of the solve to ``t1`` up to the
    first attempt that would reach ``T`` (there it is shortened to land on
    ``T``) and differs only from there on. The path keeps the loop's state at
    every attempt (time, proposed step, counters) and, at every accepted state,
    the first stage, so :meth:`until` restarts the loop at that attempt and
    returns the very :class:`Solution` that ``solve_ivp_adaptive(f, (t0, T), y0,
    ...)`` returns (same steps, states, NFE and rejections, bit for bit); it
    falls back to that call when the first step already differs (``T`` shorter
    than the initial step's probe). Build one with :func:`adaptive_path`.
    """

    def __init__(self, f, t0, t1, y0, options, arguments):
        self.f, self.t0, self.t1, self.y0 = f, t0, t1, y0
        self.options = options  # validated
        self.arguments = arguments  # as given, for solve_ivp_adaptive
        self.attempts = []
        self.k1 = []
        self.probe = []
        self.solution = None

    def until(self, T) -> Solution:
        """The solution of the same problem from ``t0`` to ``T`` (``t0 < T <= t1``)."""
        T = float(T)
        if not self.t0 < T <= self.t1:
            raise ValueError(f"T must be in ({self.t0}, {self.t1}], got {T!r}")
        if T == self.t1:
            return self.solution
        # The first attempt that reaches T, and the state it starts from.
        index = next(i for i, a in enumerate(self.attempts) if a.t + a.h_abs >= T)
        span = T - self.t0
        if index == 0 or not (self.probe[0] < span and self.attempts[0].h_abs < span):
            # the first step of the solve to T is not the path's (see initial_step)
            return solve_ivp_adaptive(self.f, (self.t0, T), self.y0, **self.arguments)
        a = self.attempts[index]
        opts = self.options
        tab = get_method(opts["method"], adaptive=True)
        shape = self.y0.shape
        fun, calls = counted(self.f)
        work = acquire(tab, self.traj[a.accepted].reshape(shape))
        try:
            if a.accepted % 2:  # accepted states alternate the orientation of the work rows
                work.order = work.forward.next
                work.order.y[...] = self.traj[a.accepted]
            work.k1[...] = self.k1[a.accepted]
            return _integrate(fun, calls, work, self.t0, T, 1.0, opts["rtol"], opts["atol"], None,
                              opts["max_steps"], self.controller(), resume=(self, index))
        finally:
            release(work)

    def controller(self) -> Controller:
        opts = self.options
        tab = get_method(opts["method"], adaptive=True)
        return Controller(min(tab.order, tab.error_order), opts["safety"], opts["min_factor"], opts["max_factor"])


def adaptive_path(f, t_span, y0, *, rtol=1e-6, atol=1e-9, method="dopri5", max_steps=10000,
                  safety=0.9, min_factor=0.2, max_factor=10.0) -> AdaptivePath:
    """Solve as :func:`solve_ivp_adaptive` (forward in time, automatic first
    step) and keep what :meth:`AdaptivePath.until` needs; the full solution is
    its ``solution``."""
    f = validate_field(f)
    t0, t1 = validate_t_span(t_span)
    if not t1 > t0:
        raise ValueError(f"t_span must run forward in time for a path, got {t_span!r}")
    y0 = validate_y0(y0)
    shape = y0.shape
    options = dict(rtol=validate_tol("rtol", rtol, shape), atol=validate_tol("atol", atol, shape),
                   method=method, max_steps=validate_max_steps(max_steps))
    tab = get_method(method, adaptive=True)
    options["safety"], options["min_factor"], options["max_factor"] = validate_controller(
        safety, min_factor, max_factor)
    path = AdaptivePath(f, t0, t1, y0, options,
                        dict(rtol=rtol, atol=atol, method=method, max_steps=max_steps, safety=safety,
                             min_factor=min_factor, max_factor=max_factor))
    fun, calls = counted(f)
    work = acquire(tab, y0)
    try:
        path.solution = _integrate(fun, calls, work, t0, t1, 1.0, options["rtol"], options["atol"], None,
                                   options["max_steps"], path.controller(), record=path)
    finally:
        release(work)
    return path
