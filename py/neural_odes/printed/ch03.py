"""Chapter 3's printed numbers: adaptive steps on the Kepler orbit, the solver's
controller constants, and convergence orders."""

import functools
import inspect
import math
from fractions import Fraction

from ..formatting import fixed, significant
from ..sims import orders, tolerance
from ..solvers import get_method, solve_ivp_adaptive
from ..solvers.adaptive import initial_step

#: slider positions compared in the tolerance-scaling exercise
SCALING_FROM, SCALING_TO = 0.5, 1.0
#: Dormand–Prince run of the orders plot that Euler is asked to match
MATCH_STEPS = 16

#: slider positions of the tolerance table: loose, default, tight and between
SLIDER_VALUES = (0.0, 0.25, 0.5, 0.75, 1.0)


def _run(v):
    sol = tolerance.solve(v)
    return sol, tolerance.end_error(sol)


def tolerance_table():
    rows = []
    for v in SLIDER_VALUES:
        sol, err = _run(v)
        rows.append([fixed(v, 2), significant(tolerance.tolerance_of(v), 2), f"{sol.nfe}", f"{sol.n_accepted}",
                     f"{sol.n_rejected}", significant(err, 3)])
    return {"columns": ["slider", "rtol = atol", "NFE", "accepted steps", "rejected steps", "end-point error"],
            "rows": rows, "align": ["right"] * 6}


def orders_table():
    rows = []
    for name in orders.METHOD_NAMES:
        nfe, err = orders.runs(name)
        rows.append([orders.LABELS[name], f"{int(nfe[0])} → {int(nfe[-1])}",
                     f"{significant(err[0], 2)} → {significant(err[-1], 2)}", fixed(orders.slope(name), 2)])
    return {"columns": ["method", "NFE", "error", "measured slope"], "rows": rows,
            "align": ["left", "right", "right", "right"]}


TABLES = {"tolerance-sweep": tolerance_table, "orders-slopes": orders_table}


def calls_per_step():
    """Evaluations of f per Dormand–Prince attempt: its stages, minus the one
    reused from the previous step ("first same as last")."""
    tab = get_method("dopri5")
    return tab.stages - (1 if tab.fsal else 0)


def controller_defaults():
    """``{safety, min_factor, max_factor}``: the defaults of the book's adaptive
    solver, read from its signature so the prose cannot drift from the code."""
    params = inspect.signature(solve_ivp_adaptive).parameters
    return {name: params[name].default for name in ("safety", "min_factor", "max_factor")}


def error_order():
    """``q``: the lower order of the embedded pair, which sets the controller's exponent."""
    tab = get_method("dopri5")
    return min(tab.order, tab.error_order)


def first_step(v=0.5):
    """The first step size the initial-step heuristic picks for the orbit."""
    tol = tolerance.tolerance_of(v)
    y0 = tolerance.start()
    f0 = tolerance.gravity(0.0, y0)
    return initial_step(tolerance.gravity, 0.0, y0, f0, 1.0, get_method("dopri5").error_order, tol, tol,
                        tolerance.PERIOD)


def euler_evaluations_to_match(steps=MATCH_STEPS):
    """NFE Euler would need, extrapolating its first-order line (error = C / NFE,
    C from its finest run), to match Dormand–Prince's error with ``steps`` steps."""
    nfe, err = orders.runs("euler")
    c = nfe[-1] * err[-1]
    dp_nfe, dp_err = orders.runs("dopri5")
    i = orders.STEP_COUNTS["dopri5"].index(steps)
    return int(dp_nfe[i]), float(dp_err[i]), c / float(dp_err[i])


def _fraction(x):
    return str(Fraction(x).limit_denominator(1000))


# Cached: the build asks for one number at a time, and the prose prints dozens.
@functools.lru_cache(maxsize=1)
def numbers():
    loose, loose_err = _run(0.0)
    per_step = calls_per_step()
    mid, mid_err = _run(0.5)
    tight, tight_err = _run(1.0)
    return {
        "eccentricity": fixed(tolerance.ECCENTRICITY, 1),
        "calls_per_step": f"{per_step}",
        "start_calls": f"{loose.nfe - per_step * (loose.n_accepted + loose.n_rejected)}",
        "loose_tol": significant(tolerance.tolerance_of(0.0), 1),
        "tight_tol": significant(tolerance.tolerance_of(1.0), 1),
        "loose_nfe": f"{loose.nfe}",
        "loose_steps": f"{loose.n_accepted}",
        "loose_error": significant(loose_err, 2),
        "mid_tol": significant(tolerance.tolerance_of(0.5), 2),
        "mid_nfe": f"{mid.nfe}",
        "mid_steps": f"{mid.n_accepted}",
        "mid_rejected": f"{mid.n_rejected}",
        "mid_error": significant(mid_err, 2),
        "tight_nfe": f"{tight.nfe}",
        "tight_steps": f"{tight.n_accepted}",
        "tight_error": significant(tight_err, 2),
        "nfe_ratio": fixed(tight.nfe / loose.nfe, 0),
        "slope_euler": fixed(orders.slope("euler"), 2),
        "slope_midpoint": fixed(orders.slope("midpoint"), 2),
        "slope_rk4": fixed(orders.slope("rk4"), 2),
        "slope_dopri5": fixed(orders.slope("dopri5"), 2),
        **_solver_facts(),
        **_tolerance_facts(),
        **_scaling_facts(),
    }


def _solver_facts():
    tab = get_method("dopri5")
    ctl = controller_defaults()
    q = error_order()
    dp_nfe, dp_err, euler_nfe = euler_evaluations_to_match()
    return {
        "stages": f"{tab.stages}",
        "order": f"{tab.order}",
        "error_order": f"{tab.error_order}",
        "dp_nodes": ", ".join(_fraction(c) for c in tab.c),
        "safety": f"{ctl['safety']:g}",
        "min_factor": f"{ctl['min_factor']:g}",
        "max_factor": f"{ctl['max_factor']:g}",
        "max_shrink": f"{1 / ctl['min_factor']:g}",
        "q_plus_one": f"{q + 1}",
        "growth_threshold": fixed(ctl["safety"] ** (q + 1), 2),
        "first_step": significant(first_step(), 2),
        "match_dp_nfe": f"{dp_nfe}",
        "match_dp_error": significant(dp_err, 2),
        "match_euler_millions": f"{round(euler_nfe / 1e6)}",
    }


def _tolerance_facts():
    ratios = []
    for v in SLIDER_VALUES:
        sol, err = _run(v)
        ratios.append(err / tolerance.tolerance_of(v))
    tight, tight_err = _run(1.0)
    return {
        "tight_error_ratio": significant(tight_err / tolerance.tolerance_of(1.0), 2),
        "error_ratio_min": significant(min(ratios), 2),
        "error_ratio_max": significant(max(ratios), 2),
    }


def _scaling_facts():
    """Tightening the tolerance from slider 0.5 to 1.0: predicted and measured ratios."""
    a, a_err = _run(SCALING_FROM)
    b, b_err = _run(SCALING_TO)
    tol_ratio = tolerance.tolerance_of(SCALING_FROM) / tolerance.tolerance_of(SCALING_TO)
    q = error_order()
    return {
        "scaling_from": fixed(SCALING_FROM, 1),
        "scaling_to": fixed(SCALING_TO, 1),
        "scaling_decades": fixed(math.log10(tol_ratio), 1),
        "scaling_tol_ratio": fixed(tol_ratio, 0),
        "scaling_step_prediction": fixed(tol_ratio ** (1 / (q + 1)), 1),
        "scaling_accepted_ratio": fixed(b.n_accepted / a.n_accepted, 2),
        "scaling_nfe_ratio": fixed(b.nfe / a.nfe, 2),
        "scaling_error_ratio": fixed(a_err / b_err, 0),
        "scaling_nfe_from": f"{a.nfe}",
        "scaling_nfe_to": f"{b.nfe}",
        "scaling_error_from": significant(a_err, 2),
        "scaling_error_to": significant(b_err, 2),
        "scaling_accepted_from": f"{a.n_accepted}",
        "scaling_accepted_to": f"{b.n_accepted}",
        "scaling_rejected_from": f"{a.n_rejected}",
        "scaling_rejected_to": f"{b.n_rejected}",
    }
