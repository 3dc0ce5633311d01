"""Chapter 3's printed numbers: adaptive steps on the Kepler orbit, and convergence orders."""

from ..formatting import fixed, significant
from ..sims import orders, tolerance
from ..solvers import get_method

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
    }
