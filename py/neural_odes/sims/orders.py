"""Chapter 3: error against cost for four Runge–Kutta methods (convergence orders).

Each method integrates chapter 0's logistic equation ``dh/dt = 3 h (1 - h)``
from ``h(0) = 0.1`` to ``t = 1`` with equal steps, for a doubling series of step
counts. Plotted log–log, error against the number of function evaluations
(NFE) falls on a straight line whose slope is minus the method's order: halving
the step of an order-p method divides its error by about 2^p.
"""

from functools import lru_cache

import numpy as np

from ..controls import Select, declare
from ..convergence import convergence_curve
from ..formatting import fixed
from ..scene import line, panel, points, readout, scene, text
from .staircase import H0, T_END

#: methods in the order they are drawn, with the select's option names
METHOD_NAMES = ("euler", "midpoint", "rk4", "dopri5")
CHOICES = ("all",) + METHOD_NAMES
LABELS = {"euler": "Euler (order 1)", "midpoint": "midpoint (order 2)", "rk4": "RK4 (order 4)",
          "dopri5": "Dormand–Prince (order 5)"}
SHORT = {"euler": "Euler", "midpoint": "midpoint", "rk4": "RK4", "dopri5": "Dormand–Prince"}
COLORS = {"euler": "bad", "midpoint": "accent", "rk4": "good", "dopri5": "primary"}
#: step counts per method, doubling; each starts where the error already follows
#: its asymptotic power law and stops before rounding errors (about 1e-13) take over
STEP_COUNTS = {
    "euler": (8, 16, 32, 64, 128, 256, 512),
    "midpoint": (8, 16, 32, 64, 128, 256, 512),
    "rk4": (4, 8, 16, 32, 64, 128, 256),
    "dopri5": (4, 8, 16, 32, 64, 128),
}


@lru_cache(maxsize=None)
def _curve(method):
    return convergence_curve(method, STEP_COUNTS[method], t_end=T_END, h0=H0)


def runs(method):
    """``(nfe, error)`` arrays of ``method`` over its step counts: error is
    ``|h_N(1) - h(1)|`` against the closed form (the tested
    :func:`neural_odes.convergence.convergence_curve`)."""
    c = _curve(method)
    return c["nfe"].astype(float), c["error"]


def slope(method):
    """Measured order: minus the least-squares slope of log(error) against log(NFE)."""
    return _curve(method)["order"]


@declare(method=Select(CHOICES, default="all", label="highlight method"))
def orders(*, method):
    """Scene of the ``orders`` simulation: error against NFE, log–log, for
    Euler, midpoint, RK4 and Dormand–Prince; ``method`` highlights one of them
    (or ``"all"``). The readouts are the four measured slopes."""
    marks = []
    # the highlighted method is drawn last, on top of the muted others; each
    # line is labelled at its right end (a legend would cover the first points)
    for name in sorted(METHOD_NAMES, key=lambda m: m == method):
        nfe, err = runs(name)
        # Errors near 1e-13 are a few hundred ulps of h(1), so their last digits
        # differ between CPython and Pyodide's numpy; four digits are plenty on
        # a log axis and make the drawn scene the same in both.
        err = np.array([float(f"{e:.4g}") for e in err])
        lit = method in ("all", name)
        color = COLORS[name] if lit else "muted"
        marks.append(line(nfe, err, color=color, width=2.2 if lit else 1.2))
        marks.append(points(nfe, err, color=color, size=3.5 if lit else 2.2))
        marks.append(text(nfe[-1] * 1.25, err[-1], SHORT[name], color=color))
    slopes = {name: slope(name) for name in METHOD_NAMES}
    fig = panel(marks, xlim=(4.0, 20000.0), ylim=(1e-14, 1.0), xscale="log", yscale="log",
                xlabel="cost: function evaluations (NFE)", ylabel="error at t = 1", legend=False)
    shown = "all four methods" if method == "all" else LABELS[method]
    return scene(
        [fig],
        # values to six digits: beyond that CPython and Pyodide may differ (see above)
        {f"slope_{name}": readout(float(f"{s:.6g}"), fixed(s, 2)) for name, s in slopes.items()},
        alt=(f"Log–log plot of error against function evaluations with {shown} highlighted; the lines fall "
             f"with slopes {', '.join(fixed(s, 1) for s in slopes.values())} for Euler, midpoint, RK4 and "
             f"Dormand–Prince."),
    )
