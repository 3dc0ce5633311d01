"""Chapter 1's worked example: Euler on dh/dt = h/2 from h(0) = 1 to t = 1."""

import math

from ..formatting import distinct_decimals, fixed, significant
from ..sims.euler import RATE, T_END, euler_path

STEP_COUNTS = (1, 2, 10, 1000)


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


def numbers():
    est, true = estimates(), exact()
    first_step = 1.0 + RATE * 0.5  # one Euler step of 0.5 from h = 1
    return {
        "half_step_one": fixed(first_step, 2),
        "two_steps": fixed(est[2], 3),
        "two_steps_exact": repr(est[2]),
        "ten_steps": fixed(est[10], 3),
        "thousand_steps": fixed(est[1000], 6),
        "exact": fixed(true, 6),
        "one_step": fixed(est[1], 1),
        "one_step_error": significant(true - est[1], 3),
        "two_steps_error": significant(true - est[2], 3),
        "thousand_steps_error": significant(true - est[1000], 3),
    }
