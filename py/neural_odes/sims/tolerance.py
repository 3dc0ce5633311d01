"""Chapter 3: an adaptive solver (Dormand–Prince 5(4)) picks its own steps.

The test problem is a planet on an elongated orbit around a star (Kepler's
problem, eccentricity 0.7): it crawls far from the star and whips around it
close by, so a good solver needs small steps near the star and can take large
ones far away. After exactly one period the planet is back at its start, which
gives the end-point error without any reference solver.

The slider's value ``v`` in [0, 1] maps to ``rtol = atol = 10^(-1 - 7v)``, from
1e-1 (loose) to 1e-8 (tight); every tolerance slider of the book uses this map.
"""

import math

import numpy as np

from ..controls import TOLERANCE, declare
from ..controls import tolerance as tolerance_of
from ..formatting import significant
from ..scene import line, panel, points, readout, scene, text
from ..solvers import solve_ivp_adaptive

ECCENTRICITY = 0.7
PERIOD = 2.0 * math.pi  # semi-major axis 1 and G M = 1


def gravity(t, y):
    """Kepler's problem, ``y = (x, y, vx, vy)``: the star at the origin pulls
    with acceleration ``-r / |r|^3``."""
    x, yy, vx, vy = y
    r3 = (x * x + yy * yy) ** 1.5
    return np.array([vx, vy, -x / r3, -yy / r3])


def start():
    """Closest approach (perihelion) on the x axis, moving up."""
    e = ECCENTRICITY
    return np.array([1.0 - e, 0.0, 0.0, math.sqrt((1.0 + e) / (1.0 - e))])


def orbit(n=181):
    """The exact orbit, an ellipse with the star at a focus: ``(x, y)`` arrays."""
    e = ECCENTRICITY
    s = np.linspace(0.0, 2.0 * math.pi, n)
    return np.cos(s) - e, math.sqrt(1.0 - e * e) * np.sin(s)


def solve(v):
    """Dormand–Prince over one period at tolerance slider value ``v``."""
    tol = tolerance_of(v)
    return solve_ivp_adaptive(gravity, (0.0, PERIOD), start(), rtol=tol, atol=tol)


def end_error(sol):
    """Distance between the computed end position and the true one (the start)."""
    return float(np.hypot(*(sol.y[-1, :2] - start()[:2])))


@declare(tol=TOLERANCE)
def tolerance(*, tol):
    """Scene of the ``tolerance`` simulation: the orbit with a dot at every
    accepted step and a cross where a step was rejected, next to the step sizes
    the solver chose over time."""
    t_tol = tolerance_of(tol)
    sol = solve(tol)
    x, y = sol.y[:, 0], sol.y[:, 1]
    err = end_error(sol)
    # a rejected attempt started from an accepted state: mark that state
    where = np.searchsorted(sol.t, sol.rejected_t)
    ex, ey = orbit()
    left = panel(
        [
            line(ex, ey, color="muted", width=1.2, dash="dashed", label="true orbit"),
            points([0.0], [0.0], color="accent", size=6, label="star"),
            text(-0.1, 0.0, "star", color="accent", align="right"),
            line(x, y, color="primary", width=1.8, label="solver's path"),
            points(x, y, color="primary", size=3, label="accepted step"),
            points(x[where], y[where], color="bad", size=5, marker="x", label="step rejected, retried"),
        ],
        xlim=(-1.85, 0.55), ylim=(-0.95, 0.95), xlabel="position x", ylabel="position y", equal_aspect=True,
        legend=False,
        title="one orbit, a dot per step")
    h = np.abs(sol.step_sizes)
    right = panel(
        [
            line(sol.t[:-1], h, color="primary", width=1.2),
            points(sol.t[:-1], h, color="primary", size=3, label="accepted"),
            points(sol.rejected_t, np.abs(sol.rejected_h), color="bad", size=5, marker="x", label="rejected"),
        ],
        xlim=(0.0, PERIOD), ylim=(1e-3, 10.0), yscale="log", xlabel="time t", ylabel="step size", legend=False,
        title="size of each step")
    return scene(
        [left, right],
        {
            "nfe": readout(sol.nfe),
            "accepted": readout(sol.n_accepted),
            "rejected": readout(sol.n_rejected),
            # six digits: the last ones of an error differ between CPython and Pyodide
            "error": readout(float(f"{err:.6g}"), significant(err, 3)),
        },
        alt=(f"At tolerance {significant(t_tol, 2)} the solver takes {sol.n_accepted} accepted steps and "
             f"{sol.n_rejected} rejected ones ({sol.nfe} evaluations) around an elongated orbit, with dots "
             f"crowding where the planet swings close to the star; it ends {significant(err, 3)} from the true "
             f"position."),
    )
