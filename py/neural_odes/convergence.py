"""Convergence orders measured, not asserted (chapter 3's ``orders``).

A method of order p makes an error proportional to ``h^p``; with ``NFE`` evaluations
per unit of time proportional to ``1/h``, error against NFE on log–log axes is a
line of slope ``-p``. :func:`convergence_curve` measures it on the logistic
equation of chapter 0, whose closed form is known, over step counts where every
method is in its asymptotic range (and far from round-off).
"""

from __future__ import annotations

import math

import numpy as np

from .solvers import fixed_step, get_method

__all__ = ["loglog_slope", "logistic", "logistic_exact", "ORDER_STEPS", "convergence_curve"]


def logistic(t, h):
    """``h' = 3 h (1 - h)``, the curved example of chapter 0."""
    return 3.0 * h * (1.0 - h)


def logistic_exact(t, h0=0.1):
    """Closed form ``1 / (1 + (1/h0 - 1) e^(-3t))`` (``1 / (1 + 9 e^(-3t))`` for h0 = 0.1)."""
    return 1.0 / (1.0 + (1.0 / h0 - 1.0) * math.exp(-3.0 * t))


#: Step counts on t in [0, 1] for which the measured slopes round to the order.
ORDER_STEPS = {
    "euler": (16, 32, 64, 128, 256),
    "midpoint": (16, 32, 64, 128, 256),
    "bosh3": (8, 16, 32, 64, 128),
    "rk4": (8, 16, 32, 64, 128),
    "dopri5": (8, 16, 32, 64, 128),
}


def loglog_slope(x, y) -> float:
    """Least-squares slope of ``log y`` against ``log x``.

    Parameters
    ----------
    x, y : array_like, shape (m,), positive, m >= 2
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.size < 2 or np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive arrays of the same length >= 2")
    lx, ly = np.log(x), np.log(y)
    lx = lx - lx.mean()
    return float(lx.dot(ly - ly.mean()) / lx.dot(lx))


def convergence_curve(method: str, steps=None, *, t_end: float = 1.0, h0: float = 0.1) -> dict:
    """Error at ``t_end`` against NFE for one fixed-step method on the logistic equation.

    Parameters
    ----------
    method : str
        A name in :data:`~neural_odes.solvers.METHODS`.
    steps : sequence of int, optional
        Step counts (default :data:`ORDER_STEPS` of the method).
    t_end : float
    h0 : float
        Initial value.

    Returns
    -------
    dict
        ``steps``, ``nfe``, ``error`` (arrays, shape (m,)) and ``order``, the
        measured order ``-slope`` of log error against log NFE.
    """
    get_method(method)
    steps = ORDER_STEPS.get(method, ORDER_STEPS["rk4"]) if steps is None else steps
    exact = logistic_exact(t_end, h0)
    nfe, err = [], []
    for n in steps:
        sol = fixed_step(logistic, (0.0, t_end), [h0], dt=t_end / n, method=method)
        nfe.append(sol.nfe)
        err.append(abs(float(sol.y[-1, 0]) - exact))
    nfe = np.array(nfe)
    err = np.array(err)
    return {"steps": np.array(steps), "nfe": nfe, "error": err,
            "order": -loglog_slope(nfe, err)}
