"""Chapter 1's printed numbers: Euler on dh/dt = h/2 from h(0) = 1 to t = 1,
the sign of Euler's error (convex and concave solutions), its local and global
error, and the unstable step of an exercise."""

import math

import numpy as np

from ..formatting import distinct_decimals, fixed, significant
from ..sims.euler import RATE, T_END, euler_path
from ..solvers import fixed_step

STEP_COUNTS = (1, 2, 10, 1000)
#: step sizes of the simulation exercise (slider positions)
EXERCISE_STEPS = (0.2, 0.1, 0.05)
#: the unstable exercise: dh/dt = -2h from h(0) = 1 with steps of 1.5 up to t = 6
DECAY_RATE = 2.0
UNSTABLE_DT = 1.5
UNSTABLE_T = 6.0


def euler(field, h0, t_end, dt):
    """Euler's states for ``dh/dt = field(h)`` from ``h(0) = h0``: a list of floats."""
    sol = fixed_step(lambda t, h: field(h), (0.0, t_end), np.array([float(h0)]), dt=dt, method="euler")
    return [float(h) for h in sol.y[:, 0]]


def _exact(value, limit=6):
    """``value`` with the fewest decimals (up to ``limit``) that write it exactly,
    rounded to ``limit`` decimals if none does."""
    for decimals in range(limit + 1):
        if float(fixed(value, decimals)) == value:
            return fixed(value, decimals)
    return fixed(value, limit)


def _states(values):
    return ", ".join(_exact(v) for v in values)


def estimates():
    """{number of steps: Euler's h(1)} for the rows of the worked example."""
    return {n: float(euler_path(T_END / n).y[-1, 0]) for n in STEP_COUNTS}


def exact():
    return math.exp(RATE * T_END)


def worked_table():
    est, true = estimates(), exact()
    # Three decimals, as the text prints them, except where a row would then
    # read like the exact value: 1000 steps give 1.648515..., not e^0.5.
    decimals = {n: distinct_decimals([h], true) for n, h in est.items()}
    rows = [[f"{n}", fixed(T_END / n, 3), fixed(h, decimals[n]), significant(abs(true - h), 3)]
            for n, h in est.items()]
    rows.append(["exact", "→ 0", fixed(true, max(decimals.values())), "0"])
    return {"columns": ["steps", "Δt", "h(1)", "error |e^0.5 − h(1)|"], "rows": rows,
            "align": ["right", "right", "right", "right"]}


TABLES = {"euler-worked": worked_table}


def local_error(dt):
    """Error of one Euler step of size ``dt`` from h = 1 on dh/dt = h/2
    (the exact value there is e^(dt/2))."""
    return math.exp(RATE * dt) - euler(lambda h: RATE * h, 1.0, dt, dt)[-1]


def global_bound(dt):
    """The classical bound on Euler's global error at t = 1 for dh/dt = h/2:
    ``M dt / (2 L) (e^(L T) - 1)`` with Lipschitz constant L = 1/2 and
    M = max |h''| = e^(1/2) / 4 on [0, 1]."""
    lip = RATE
    curvature = RATE * RATE * math.exp(RATE * T_END)
    return curvature * dt / (2 * lip) * (math.exp(lip * T_END) - 1.0)


def numbers():
    est, true = estimates(), exact()
    first_step = 1.0 + RATE * 0.5  # one Euler step of 0.5 from h = 1
    concave = euler(lambda h: 1.0 - h, 0.0, 1.0, 0.5)   # dh/dt = 1 - h from 0: concave
    above = euler(lambda h: 1.0 - h, 2.0, 1.0, 0.5)     # dh/dt = 1 - h from 2: convex
    decay = euler(lambda h: -h, 1.0, 1.0, 0.5)          # dh/dt = -h from 1: convex
    unstable = euler(lambda h: -DECAY_RATE * h, 1.0, UNSTABLE_T, UNSTABLE_DT)
    flip = euler(lambda h: -DECAY_RATE * h, 1.0, 3.0, 1.0)
    damped = euler(lambda h: -DECAY_RATE * h, 1.0, 3.0, 0.75)
    errors = {dt: math.exp(RATE * T_END) - float(euler_path(dt).y[-1, 0]) for dt in EXERCISE_STEPS}
    return {
        # the sign of Euler's error: concave and convex examples
        "concave_first": _exact(concave[1]),
        "concave_two_steps": _exact(concave[2]),
        "concave_exact": fixed(1.0 - math.exp(-1.0), 3),
        "decay_two_steps": _exact(decay[2]),
        "decay_exact": fixed(math.exp(-1.0), 3),
        "above_first": _exact(above[1]),
        "above_two_steps": _exact(above[2]),
        "above_exact": fixed(1.0 + math.exp(-1.0), 3),
        # local error of the first step of the worked example, and its Taylor term
        "local_error_first": significant(local_error(0.5), 3),
        "taylor_term": fixed(0.5 * 0.5 ** 2 * RATE ** 2 * 1.0, 5),
        "local_error_01": significant(local_error(0.1), 3),
        "local_error_005": significant(local_error(0.05), 3),
        "local_ratio": fixed(local_error(0.1) / local_error(0.05), 2),
        # the global error bound
        "bound_01": significant(global_bound(0.1), 3),
        "curvature_max": fixed(RATE * RATE * math.exp(RATE * T_END), 3),
        # exercise: first order on the slider
        "err_02": significant(errors[0.2], 3),
        "err_01": significant(errors[0.1], 3),
        "err_005": significant(errors[0.05], 3),
        "err_02_half": significant(errors[0.2] / 2, 3),
        "err_02_quarter": significant(errors[0.2] / 4, 3),
        "err_ratio_01_005": fixed(errors[0.1] / errors[0.05], 2),
        # exercise: Euler on dh/dt = -2h
        "unstable_dt": f"{UNSTABLE_DT:g}",
        "unstable_t": f"{UNSTABLE_T:g}",
        "unstable_factor": f"{1.0 - DECAY_RATE * UNSTABLE_DT:g}",
        "unstable_states": _states(unstable),
        "unstable_exact": significant(math.exp(-DECAY_RATE * UNSTABLE_T), 2),
        "flip_states": _states(flip),
        "damped_states": _states(damped),
        # the flow map's slope for the worked example: e^(0.5)
        "flow_slope": fixed(math.exp(RATE * T_END), 3),
        "half_step_one": fixed(first_step, 2),
        "two_steps": fixed(est[2], 3),
        "two_steps_exact": repr(est[2]),
        "ten_steps": fixed(est[10], 3),
        "thousand_steps": fixed(est[1000], 6),
        "exact": fixed(true, 6),
        "one_step": fixed(est[1], 1),
        "one_step_error": significant(true - est[1], 3),
        "two_steps_error": significant(true - est[2], 3),
        "ten_steps_error": significant(true - est[10], 3),
        "thousand_steps_error": significant(true - est[1000], 3),
    }
