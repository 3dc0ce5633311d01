"""Empirical convergence orders, measured as log-log slopes of error against step size."""

import numpy as np
import pytest

from neural_odes.solvers import fixed_step
from problems import OSCILLATOR, TIME_DEP


def slope(method, problem, steps):
    t0, t1 = problem.t_span
    errs = []
    for n in steps:
        sol = fixed_step(problem.f, problem.t_span, problem.y0, dt=(t1 - t0) / n, method=method)
        errs.append(np.max(np.abs(sol.y[-1] - problem.y_end)))
    h = (t1 - t0) / np.array(steps, dtype=float)
    return np.polyfit(np.log(h), np.log(errs), 1)[0]


@pytest.mark.parametrize(
    "method,order,steps",
    [
        ("euler", 1, [200, 400, 800, 1600]),
        ("midpoint", 2, [50, 100, 200, 400]),
        ("bosh3", 3, [25, 50, 100, 200]),
        ("rk4", 4, [40, 80, 160, 320]),
        ("dopri5", 5, [40, 80, 160]),
    ],
)
@pytest.mark.parametrize("problem", [OSCILLATOR, TIME_DEP], ids=lambda p: p.name)
def test_order_is_the_slope(method, order, steps, problem):
    assert slope(method, problem, steps) == pytest.approx(order, abs=0.2)
