"""Chapter 1: Euler's method on dh/dt = h/2 against the exact curve e^(t/2)."""

import math

import numpy as np

from ..controls import Range, declare
from ..formatting import fixed, significant
from ..scene import line, panel, points, readout, scene
from ..solvers import fixed_step

RATE = 0.5  # f(h) = RATE * h, so h(t) = exp(RATE * t) from h(0) = 1
T_END = 1.0
# Three decimals, as the book prints 1.5625 (1.563); a test checks that every
# slider position still prints a different estimate.
ESTIMATE_DECIMALS = 3


def growth(t, h):
    """The residual block of chapter 1: f(h) = h / 2."""
    return RATE * h


def euler_path(dt):
    """Euler's method from h(0) = 1 to t = 1 with step ``dt`` (the last step
    shortened to land on t = 1). Returns the solver's Solution."""
    return fixed_step(growth, (0.0, T_END), np.array([1.0]), dt=dt, method="euler")


@declare(dt=Range(0.05, T_END, step=0.05, default=0.5, label="step size Δt"))
def euler(*, dt):
    """Scene of the ``euler`` simulation: Euler's path (one straight segment per
    step) against the exact solution, with the step count, h(1) and its error."""
    sol = euler_path(dt)
    t, h = sol.t, sol.y[:, 0]
    exact_end = math.exp(RATE * T_END)
    estimate = float(h[-1])
    error = abs(exact_end - estimate)
    steps = len(t) - 1
    tt = np.linspace(0.0, T_END, 101)
    marks = [
        line(tt, np.exp(RATE * tt), color="fg", width=1.5, dash="dashed", label="exact  e^(t/2)"),
        line(t, h, color="primary", width=2.5, label=f"Euler, {steps} step{'s' if steps > 1 else ''}"),
        points(t, h, color="primary", size=5),
        points([T_END], [exact_end], color="fg", size=4),
    ]
    fig = panel(marks, xlim=(0.0, 1.05), ylim=(0.95, 1.72), xlabel="time t", ylabel="hidden state h")
    return scene(
        [fig],
        {
            "steps": readout(steps),
            "estimate": readout(estimate, fixed(estimate, ESTIMATE_DECIMALS)),
            "error": readout(error, significant(error, 3)),
        },
        alt=(f"Euler's method with step size {fixed(dt, 2)} takes {steps} steps and reaches "
             f"h(1) = {fixed(estimate, ESTIMATE_DECIMALS)}, below the exact value {fixed(exact_end, ESTIMATE_DECIMALS)}."),
    )
